// The backend-tebex-oauth plugin's settings: its config section, overridden by upstream
// Spectra-Server's environment variables (USE_BACKEND, TEBEX_*, DISCORD_*, SPECTRA_CLIENT_DEEPLINK)
// so that a deployment moves over without rewriting its environment. See README.md.
#pragma once

#include <apiary/config.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace backend_tebex_oauth {

struct BackendSettings {
  // USE_BACKEND when set ("true" enables, anything else disables), else enabled_by_default.
  bool enabled = false;
  std::string enabledSource;  // "USE_BACKEND=..." or "enabled_by_default", for the log

  std::string tebexBaseUrl;      // without a trailing slash
  std::string tebexStoreId;      // the Tebex webstore identifier
  std::string tebexExtensionId;  // the extension id (Overwolf's Tebex proxy)
  int64_t packagesCacheMs = 10 * 60 * 1000;

  std::string discordClientId;
  std::string discordClientSecret;  // never logged, never in a response
  std::string discordRedirectUri;
  std::string discordTokenUrl = "https://discord.com/api/oauth2/token";
  std::string discordUserUrl = "https://discord.com/api/users/@me";
  std::string clientDeepLink;  // e.g. "spectra-client://oauth-callback"

  int64_t connectTimeoutMs = 3000;
  int64_t timeoutMs = 10000;  // the whole exchange of one outbound call

  using Environment = std::function<std::optional<std::string>(const std::string& name)>;
  static std::optional<std::string> processEnvironment(const std::string& name);

  // Reads the section (errors go to config.fail), applies the environment and reads the secret
  // file. The Tebex/Discord keys are required only when the plugin is enabled.
  static BackendSettings read(const apiary::ConfigReader& config, const Environment& env);
};

}  // namespace backend_tebex_oauth
