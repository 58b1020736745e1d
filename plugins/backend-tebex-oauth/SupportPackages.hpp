// GET /getSupportPackages: the Tebex package list with a checkoutUrl added to each package, as
// upstream's SupportService. The list is cached for packagesCacheMs (the host's monotonic clock);
// concurrent requests share one upstream fetch (single-flight), an empty list is cached too, and
// failures are not cached (the requests that waited on a failed fetch share its answer).
#pragma once

#include "BackendSettings.hpp"

#include <apiary/clock.hpp>
#include <apiary/http_client.hpp>
#include <apiary/response.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace backend_tebex_oauth {

class SupportPackages {
 public:
  SupportPackages(const BackendSettings& settings, apiary::HttpClient http, apiary::Clock clock);

  apiary::Response handle();

  // The URLs, for tests and the log.
  std::string packagesUrl() const;
  std::string checkoutUrl(const std::string& packageId) const;

 private:
  struct Outcome {
    int status = 200;
    std::string body;  // the JSON text answered
  };
  std::shared_ptr<const Outcome> fetch() const;
  static apiary::Response toResponse(const Outcome& outcome);

  const BackendSettings& settings_;
  apiary::HttpClient http_;
  apiary::Clock clock_;

  std::mutex fetchMutex_;                  // held for the whole upstream call: one fetch at a time
  std::mutex stateMutex_;                  // guards the fields below (short sections only)
  std::shared_ptr<const Outcome> cached_;  // a 200, valid until expiresAtMs_
  int64_t expiresAtMs_ = 0;
  uint64_t generation_ = 0;                     // fetches completed
  std::shared_ptr<const Outcome> lastOutcome_;  // of the latest fetch
};

}  // namespace backend_tebex_oauth
