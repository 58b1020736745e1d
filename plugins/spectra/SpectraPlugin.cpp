#include "SpectraPlugin.hpp"

#include "DemoData.hpp"
#include "ErrorPages.hpp"
#include "KeyCommand.hpp"

namespace spectra {

void SpectraPlugin::configure(const apiary::ConfigReader& config) {
  config_ = SpectraConfig::read(config, &SpectraConfig::processEnvironment);
}

std::vector<apiary::Migration> SpectraPlugin::migrations() const {
  std::vector<std::string> statements = PreviewStore::schema();
  for (auto& s : KeyStore::schema()) statements.push_back(std::move(s));
  for (auto& s : MatchStore::schema()) statements.push_back(std::move(s));
  return {{1, "previews, operator keys, live matches and finished-match team info",
           std::move(statements)}};
}

void SpectraPlugin::routes(apiary::Router& router) {
  // Express's defaults: case-insensitive paths, "/status/" == "/status", and an unregistered
  // method on a known path is a plain 404 ("Cannot POST /status"), not 405.
  router.options(APIARY_ROUTER_CASE_INSENSITIVE | APIARY_ROUTER_OPTIONAL_TRAILING_SLASH |
                 APIARY_ROUTER_METHOD_MISMATCH_IS_404);
  // cors({origin: "*"}): the host answers every OPTIONS with 204 and upstream's headers, and
  // puts Access-Control-Allow-Origin: * on every response, errors included.
  router.cors(apiary::CorsPolicy{});

  keys_.emplace(database());
  previews_.emplace(database(), config_.previewTtlMs);
  matches_.emplace(database(),
                   MatchStore::Lifetimes{config_.liveMatchIdleMs, config_.teamInfoTtlMs});
  validator_.emplace(config_, *keys_, http(), log());
  previewRoutes_.emplace(*validator_, *previews_, clock(), &PreviewDocument::defaultRandom);
  matchRoutes_.emplace(*matches_, clock());
  keyRoutes_.emplace(*validator_);

  matchRoutes_->registerOn(router);
  previewRoutes_->registerOn(router);
  keyRoutes_->registerOn(router);
}

void SpectraPlugin::start() {
  const int64_t now = clock().wallMs();
  if (config_.demo) {
    DemoData::install(*keys_, *matches_, now);
    log().warning(std::string("demo mode: access key '") + DemoData::kKey + "' (organisation '" +
                  DemoData::kOrgName + "') and a finished match '" + DemoData::kGroupCode +
                  "' are available; turn \"demo\" off in production");
  } else {
    DemoData::uninstall(*keys_);
  }
  log().info("key validation: " + describeKeyChain());
  timers().every(std::chrono::milliseconds(config_.sweepIntervalMs), [this] { sweep(); });
}

void SpectraPlugin::sweep() const {
  const int64_t now = clock().wallMs();
  const int64_t previews = previews_->sweep(now);
  const MatchStore::Swept matches = matches_->sweep(now);
  if (config_.demo) DemoData::refresh(*matches_, now);
  if (previews + matches.liveMatches + matches.teamInfos > 0)
    log().debug("expired: " + std::to_string(previews) + " preview(s), " +
                std::to_string(matches.liveMatches) + " idle live match(es), " +
                std::to_string(matches.teamInfos) + " team info(s)");
}

std::string SpectraPlugin::describeKeyChain() const {
  if (!config_.requireAuthKey) return "off (REQUIRE_AUTH_KEY=false): every key is accepted";
  std::string chain = config_.authKey.empty() ? "no static key" : "static AUTH_KEY";
  chain += ", operator-issued keys";
  if (config_.backend.enabled) {
    chain += ", key backend " + config_.backend.url;
    chain += config_.backend.supporterCheckUrl.empty()
                 ? " (no supporter check)"
                 : " (supporter check " + config_.backend.supporterCheckUrl + ")";
  } else {
    chain += ", no key backend";
  }
  return chain;
}

int SpectraPlugin::command(const std::vector<std::string>& args, const apiary::CommandOutput& out) {
  return KeyCommand(KeyStore(database()), clock()).run(args, out);
}

apiary::Response SpectraPlugin::formatError(int status, std::string_view message,
                                            const apiary::Request& request) const {
  return ErrorPages::render(status, message, request);
}

}  // namespace spectra
