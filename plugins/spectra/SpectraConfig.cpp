#include "SpectraConfig.hpp"

#include <cstdlib>

namespace spectra {
namespace {

bool isHttpUrl(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

}  // namespace

std::optional<std::string> SpectraConfig::processEnvironment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

SpectraConfig SpectraConfig::read(const apiary::ConfigReader& config, const Environment& env) {
  SpectraConfig c;
  c.requireAuthKey = config.boolean("require_auth_key", c.requireAuthKey);
  c.authKey = config.string("auth_key", c.authKey);
  const apiary::ConfigReader backend = config.object("key_backend");
  c.backend.enabled = backend.boolean("enabled", c.backend.enabled);
  c.backend.url = backend.string("url", c.backend.url);
  c.backend.token = backend.string("token", c.backend.token);
  c.backend.supporterCheckUrl = backend.string("supporter_check_url", c.backend.supporterCheckUrl);
  c.backend.connectTimeoutMs =
      backend.integer("connect_timeout_ms", c.backend.connectTimeoutMs, 1, 60000);
  c.backend.timeoutMs = backend.integer("timeout_ms", c.backend.timeoutMs, 1, 120000);
  c.demo = config.boolean("demo", c.demo);
  constexpr int64_t kDay = 24 * 3600 * 1000;
  c.previewTtlMs = config.integer("preview_ttl_ms", c.previewTtlMs, 1000, kDay);
  c.teamInfoTtlMs = config.integer("team_info_ttl_ms", c.teamInfoTtlMs, 1000, 7 * kDay);
  c.liveMatchIdleMs = config.integer("live_match_idle_ms", c.liveMatchIdleMs, 1000, kDay);
  c.sweepIntervalMs = config.integer("sweep_interval_ms", c.sweepIntervalMs, 100, 3600 * 1000);

  // Upstream's environment, compared exactly as upstream compares it.
  if (auto v = env("REQUIRE_AUTH_KEY")) c.requireAuthKey = *v != "false";
  if (auto v = env("AUTH_KEY"); v && !v->empty()) c.authKey = *v;
  if (auto v = env("USE_BACKEND")) c.backend.enabled = *v == "true";
  if (auto v = env("BACKEND_URL"); v && !v->empty()) c.backend.url = *v;
  if (auto v = env("BACKEND_TOKEN"); v && !v->empty()) c.backend.token = *v;
  if (auto v = env("SUPPORTER_CHECK_URL"); v && !v->empty()) c.backend.supporterCheckUrl = *v;

  if (c.backend.enabled && c.backend.url.empty())
    backend.fail("url",
                 "the key backend is enabled (USE_BACKEND=true or key_backend.enabled) but has no "
                 "URL (BACKEND_URL or key_backend.url)");
  if (!c.backend.url.empty() && !isHttpUrl(c.backend.url))
    backend.fail("url", "must be an http:// or https:// URL (BACKEND_URL or key_backend.url)");
  if (!c.backend.supporterCheckUrl.empty() && !isHttpUrl(c.backend.supporterCheckUrl))
    backend.fail("supporter_check_url",
                 "must be an http:// or https:// URL (SUPPORTER_CHECK_URL or "
                 "key_backend.supporter_check_url)");
  if (c.backend.connectTimeoutMs > c.backend.timeoutMs)
    c.backend.connectTimeoutMs = c.backend.timeoutMs;
  return c;
}

}  // namespace spectra
