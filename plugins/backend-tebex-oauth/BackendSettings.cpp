#include "BackendSettings.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace backend_tebex_oauth {
namespace {

bool isHttpUrl(const std::string& url) {
  const size_t start = url.rfind("https://", 0) == 0 ? 8 : url.rfind("http://", 0) == 0 ? 7 : 0;
  if (start == 0 || url.size() == start) return false;
  for (unsigned char c : url)
    if (c <= 0x20 || c >= 0x7F) return false;
  return url.find_first_of("?#") == std::string::npos;
}

std::string trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  const size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

std::string withoutTrailingSlash(std::string url) {
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

std::optional<std::string> BackendSettings::processEnvironment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

BackendSettings BackendSettings::read(const apiary::ConfigReader& config, const Environment& env) {
  BackendSettings s;
  const bool byDefault = config.boolean("enabled_by_default", false);
  s.tebexBaseUrl = config.string("tebex_base_url", "");
  s.tebexStoreId = config.string("tebex_store_id", "");
  s.tebexExtensionId = config.string("tebex_extension_id", "");
  s.packagesCacheMs =
      config.integer("packages_cache_ms", s.packagesCacheMs, 1000, 24 * 3600 * 1000);
  s.discordClientId = config.string("discord_client_id", "");
  const std::string secret = config.string("discord_client_secret", "");
  const std::string secretFile = config.string("discord_client_secret_file", "");
  s.discordRedirectUri = config.string("discord_redirect_uri", "");
  const std::string apiBase = config.string("discord_api_base_url", "");
  s.discordTokenUrl = config.string("discord_token_url", "");
  s.clientDeepLink = config.string("client_deeplink", "");
  s.connectTimeoutMs = config.integer("connect_timeout_ms", s.connectTimeoutMs, 1, 60000);
  s.timeoutMs = config.integer("timeout_ms", s.timeoutMs, 1, 120000);

  const std::string base =
      withoutTrailingSlash(apiBase.empty() ? "https://discord.com/api" : apiBase);
  if (!apiBase.empty() && !isHttpUrl(apiBase))
    config.fail("discord_api_base_url", "must be an http:// or https:// URL");
  if (s.discordTokenUrl.empty()) s.discordTokenUrl = base + "/oauth2/token";
  s.discordUserUrl = base + "/users/@me";

  // Upstream's environment wins when set (USE_BACKEND compared exactly as upstream does).
  s.enabled = byDefault;
  s.enabledSource = "enabled_by_default";
  if (auto v = env("USE_BACKEND")) {
    s.enabled = *v == "true";
    s.enabledSource = "USE_BACKEND=" + *v;
  }
  auto override = [&](const char* name, std::string& field) {
    if (auto v = env(name); v && !v->empty()) field = *v;
  };
  override("TEBEX_BASE_URL", s.tebexBaseUrl);
  override("TEBEX_STORE_ID", s.tebexStoreId);
  override("TEBEX_EXTENSION_ID", s.tebexExtensionId);
  override("DISCORD_CLIENT_ID", s.discordClientId);
  override("DISCORD_CLIENT_SECRET", s.discordClientSecret);
  override("DISCORD_REDIRECT_URI", s.discordRedirectUri);
  override("DISCORD_OAUTH_URL", s.discordTokenUrl);
  override("DISCORD_USER_URL", s.discordUserUrl);
  override("SPECTRA_CLIENT_DEEPLINK", s.clientDeepLink);
  s.tebexBaseUrl = withoutTrailingSlash(s.tebexBaseUrl);

  // The secret: inline or from a file, not both. The file is read (and trimmed) only when the
  // plugin is enabled: a switched-off module needs no secrets on disk.
  if (!secret.empty() && !secretFile.empty())
    config.fail("discord_client_secret_file", "give discord_client_secret or this, not both");
  const bool fromEnvironment = !s.discordClientSecret.empty();  // DISCORD_CLIENT_SECRET wins
  if (!fromEnvironment) s.discordClientSecret = secret;
  if (s.enabled && !secretFile.empty() && !fromEnvironment) {
    std::ifstream in(secretFile);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad())
      config.fail("discord_client_secret_file", "cannot read " + secretFile);
    else
      s.discordClientSecret = trim(text.str());
  }

  auto checkUrl = [&](const char* key, const std::string& value) {
    if (!value.empty() && !isHttpUrl(value))
      config.fail(key, "must be an http:// or https:// URL without query or fragment");
  };
  checkUrl("tebex_base_url", s.tebexBaseUrl);
  checkUrl("discord_token_url", s.discordTokenUrl);
  checkUrl("discord_api_base_url", s.discordUserUrl);
  if (!s.clientDeepLink.empty() &&
      (s.clientDeepLink.find(':') == std::string::npos ||
       s.clientDeepLink.find_first_of("?#\"'<> \t\r\n") != std::string::npos))
    config.fail("client_deeplink", "must be a URI like spectra-client://oauth without a query");

  if (s.enabled) {
    auto required = [&](const char* key, const std::string& value, const char* envName) {
      if (value.empty())
        config.fail(key,
                    std::string("is required when the plugin is enabled (or set ") + envName + ")");
    };
    required("tebex_base_url", s.tebexBaseUrl, "TEBEX_BASE_URL");
    required("tebex_store_id", s.tebexStoreId, "TEBEX_STORE_ID");
    required("tebex_extension_id", s.tebexExtensionId, "TEBEX_EXTENSION_ID");
    required("discord_client_id", s.discordClientId, "DISCORD_CLIENT_ID");
    required("discord_client_secret", s.discordClientSecret, "DISCORD_CLIENT_SECRET");
    required("discord_redirect_uri", s.discordRedirectUri, "DISCORD_REDIRECT_URI");
    required("client_deeplink", s.clientDeepLink, "SPECTRA_CLIENT_DEEPLINK");
  }
  return s;
}

}  // namespace backend_tebex_oauth
