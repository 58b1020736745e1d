// backend-tebex-oauth: Spectra-Server's USE_BACKEND-only routes, /getSupportPackages (Tebex) and
// /client/oauth-callback (Discord OAuth), as an optional module mounted beside the spectra plugin
// on its listener (prefix ""). Disabled (USE_BACKEND other than "true", or enabled_by_default
// false without USE_BACKEND), it registers no routes and both paths answer spectra's 404.
#pragma once

#include "BackendSettings.hpp"
#include "DiscordOAuth.hpp"
#include "SupportPackages.hpp"

#include <apiary/apiary.hpp>

#include <optional>

namespace backend_tebex_oauth {

class BackendPlugin : public apiary::Plugin {
 public:
  static constexpr const char* kName = "backend-tebex-oauth";
  static constexpr const char* kVersion = "1.0.0";

  void configure(const apiary::ConfigReader& config) override;
  void routes(apiary::Router& router) override;
  void start() override;
  apiary::Response formatError(int status, std::string_view message,
                               const apiary::Request& request) const override;

  const BackendSettings& settings() const { return settings_; }

 private:
  BackendSettings settings_;
  // Built in routes() when enabled; handlers share them (both are thread-safe).
  std::optional<SupportPackages> packages_;
  std::optional<DiscordOAuth> oauth_;
};

}  // namespace backend_tebex_oauth
