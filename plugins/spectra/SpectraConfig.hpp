// The spectra plugin's settings: its config section, overridden by upstream Spectra-Server's
// environment variables so that a deployment moves over without rewriting its environment.
//
//   config key                        environment (wins when set)   upstream meaning
//   require_auth_key (true)           REQUIRE_AUTH_KEY              only "false" disables keys
//   auth_key ("")                     AUTH_KEY                      one static key
//   key_backend.enabled (false)       USE_BACKEND                   only "true" enables
//   key_backend.url ("")              BACKEND_URL                   GET
//   <url>/system/validateAccessKey/<key> key_backend.token ("")            BACKEND_TOKEN sent as
//   X-User-Token key_backend.supporter_check_url   SUPPORTER_CHECK_URL           GET <url>/<orgId>
//   -> {isSupporter}
//
// USE_BACKEND also switches on the routes of the separate backend-tebex-oauth plugin, which reads
// it (and its own Tebex/Discord settings) itself; nothing of those lives here.
#pragma once

#include <apiary/config.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace spectra {

struct KeyBackendSettings {
  bool enabled = false;
  std::string url;
  std::string token;
  std::string supporterCheckUrl;  // "": nobody is a supporter
  int64_t connectTimeoutMs = 2000;
  int64_t timeoutMs = 5000;  // the whole exchange
};

struct SpectraConfig {
  bool requireAuthKey = true;
  std::string authKey;  // "": no static key
  KeyBackendSettings backend;
  bool demo = false;  // a demo key and a finished demo match, for the quick start
  int64_t previewTtlMs = 10 * 60 * 1000;
  int64_t teamInfoTtlMs = 60 * 60 * 1000;
  int64_t liveMatchIdleMs = 30 * 60 * 1000;
  int64_t sweepIntervalMs = 60 * 1000;

  // Looks up an environment variable; nullopt when unset.
  using Environment = std::function<std::optional<std::string>(const std::string& name)>;
  static std::optional<std::string> processEnvironment(const std::string& name);

  // Reads the section (errors go to config.fail) and applies the environment.
  static SpectraConfig read(const apiary::ConfigReader& config, const Environment& env);
};

}  // namespace spectra
