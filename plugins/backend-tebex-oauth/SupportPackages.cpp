#include "SupportPackages.hpp"

#include "OAuthPages.hpp"

#include <nlohmann/json.hpp>

#include <chrono>

namespace backend_tebex_oauth {

SupportPackages::SupportPackages(const BackendSettings& settings, apiary::HttpClient http,
                                 apiary::Clock clock)
    : settings_(settings), http_(http), clock_(clock) {}

std::string SupportPackages::packagesUrl() const {
  return settings_.tebexBaseUrl + "/packages/" +
         OAuthPages::encodeComponent(settings_.tebexStoreId) +
         "?extensionId=" + OAuthPages::encodeComponent(settings_.tebexExtensionId);
}

std::string SupportPackages::checkoutUrl(const std::string& packageId) const {
  return settings_.tebexBaseUrl + "/checkout/" +
         OAuthPages::encodeComponent(settings_.tebexStoreId) + "/" +
         OAuthPages::encodeComponent(packageId) +
         "?extensionId=" + OAuthPages::encodeComponent(settings_.tebexExtensionId);
}

apiary::Response SupportPackages::handle() {
  uint64_t seen = 0;
  {
    std::lock_guard lock(stateMutex_);
    if (cached_ && clock_.monotonicMs() < expiresAtMs_) return toResponse(*cached_);
    seen = generation_;
  }
  std::lock_guard flight(fetchMutex_);
  {
    // Someone fetched while this request waited: share that answer, good or bad.
    std::lock_guard lock(stateMutex_);
    if (cached_ && clock_.monotonicMs() < expiresAtMs_) return toResponse(*cached_);
    if (generation_ != seen && lastOutcome_) return toResponse(*lastOutcome_);
  }
  std::shared_ptr<const Outcome> outcome = fetch();
  std::lock_guard lock(stateMutex_);
  ++generation_;
  lastOutcome_ = outcome;
  if (outcome->status == 200) {
    cached_ = outcome;
    expiresAtMs_ = clock_.monotonicMs() + settings_.packagesCacheMs;
  }
  return toResponse(*outcome);
}

std::shared_ptr<const SupportPackages::Outcome> SupportPackages::fetch() const {
  auto failed = [](int status) {
    return std::make_shared<const Outcome>(
        Outcome{status, nlohmann::ordered_json{{"error", "Failed to fetch packages"}}.dump()});
  };
  apiary::HttpRequest request;
  request.url = packagesUrl();
  request.connectTimeout = std::chrono::milliseconds(settings_.connectTimeoutMs);
  request.totalTimeout = std::chrono::milliseconds(settings_.timeoutMs);
  const apiary::HttpResult result = http_.send(request);
  if (!result.ok()) return failed(result.timedOut() ? 504 : 502);
  if (result.status < 200 || result.status > 299) return failed(502);

  nlohmann::ordered_json packages =
      nlohmann::ordered_json::parse(result.body, nullptr, /*allow_exceptions=*/false);
  if (!packages.is_array()) return failed(502);  // invalid JSON (discarded) or not a list
  for (auto& package : packages) {
    if (!package.is_object()) return failed(502);
    const auto id = package.find("id");
    std::string idText = "undefined";  // as upstream's template literal
    if (id != package.end()) idText = id->is_string() ? id->get<std::string>() : id->dump();
    package["checkoutUrl"] = checkoutUrl(idText);
  }
  return std::make_shared<const Outcome>(Outcome{
      200, packages.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)});
}

apiary::Response SupportPackages::toResponse(const Outcome& outcome) {
  return apiary::Response::json(outcome.status, outcome.body);
}

}  // namespace backend_tebex_oauth
