#include "BackendPlugin.hpp"

#include "OAuthPages.hpp"

namespace backend_tebex_oauth {

void BackendPlugin::configure(const apiary::ConfigReader& config) {
  settings_ = BackendSettings::read(config, &BackendSettings::processEnvironment);
}

void BackendPlugin::routes(apiary::Router& router) {
  // The same routing and CORS as the spectra plugin on this listener (Express's defaults and
  // cors({origin: "*"})), so both plugins answer alike.
  router.options(APIARY_ROUTER_CASE_INSENSITIVE | APIARY_ROUTER_OPTIONAL_TRAILING_SLASH |
                 APIARY_ROUTER_METHOD_MISMATCH_IS_404);
  router.cors(apiary::CorsPolicy{});
  if (!settings_.enabled) return;

  packages_.emplace(settings_, http(), clock());
  oauth_.emplace(settings_, http());
  router.get(
      "/getSupportPackages", [this](const apiary::Request&) { return packages_->handle(); },
      "Tebex support packages with their checkout URLs (cached)");
  router.get(
      "/client/oauth-callback",
      [this](const apiary::Request& request) { return oauth_->handle(request); },
      "Discord OAuth redirect target: hands the user to the Spectra Client");
}

void BackendPlugin::start() {
  if (!settings_.enabled) {
    log().info("disabled (" + settings_.enabledSource +
               "): /getSupportPackages and /client/oauth-callback are not registered");
    return;
  }
  // URLs and ids only: the client secret is never logged.
  log().info("enabled (" + settings_.enabledSource + "): Tebex " + settings_.tebexBaseUrl +
             " store " + settings_.tebexStoreId + ", Discord token " + settings_.discordTokenUrl +
             ", user " + settings_.discordUserUrl);
}

apiary::Response BackendPlugin::formatError(int status, std::string_view message,
                                            const apiary::Request& request) const {
  return OAuthPages::render(status, message, request);
}

}  // namespace backend_tebex_oauth
