// Outbound HTTP for plugins (http_send in the ABI): one request, one fresh connection, strict TLS
// verification, a connect timeout and a hard total deadline, a response size limit. Errors are
// reported as APIARY_HTTP_* kinds plus a one-line reason that never contains header values or
// bodies (they may carry credentials).
#pragma once

#include "OutboundSettings.h"

#include <Poco/Net/Context.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace apiary {

struct OutboundRequest {
  std::string method, url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // <= 0: the default from OutboundSettings.
  int64_t connectTimeoutMs = 0, totalTimeoutMs = 0, maxResponseBytes = 0;
};

struct OutboundResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in the order received
  std::string body;
};

class OutboundHttpClient {
 public:
  // Builds the TLS client context once; throws std::runtime_error when the CA file cannot be
  // loaded, so a bad path fails startup instead of every later request.
  explicit OutboundHttpClient(OutboundSettings settings);
  ~OutboundHttpClient();
  OutboundHttpClient(const OutboundHttpClient&) = delete;
  OutboundHttpClient& operator=(const OutboundHttpClient&) = delete;

  // Sends one request and waits for the whole response. Thread-safe: every call has its own
  // connection. Returns an APIARY_HTTP_* code; on anything but APIARY_HTTP_OK, why says what
  // happened in one line. Redirects are returned, not followed.
  int32_t send(const OutboundRequest& request, OutboundResponse& response, std::string& why) const;

  const OutboundSettings& settings() const { return settings_; }

 private:
  class DeadlineWatchdog;
  struct Target;
  struct Limits;
  struct Progress;

  static bool parseTarget(const std::string& url, Target& target, std::string& why);
  void exchange(const OutboundRequest& request, const Target& target, const Limits& limits,
                OutboundResponse& response, Progress& progress) const;

  // The TLS client context; with the system CAs it is made on first use.
  Poco::Net::Context::Ptr tlsContext() const;

  OutboundSettings settings_;
  mutable std::once_flag tlsOnce_;
  mutable Poco::Net::Context::Ptr tlsContext_;
  std::unique_ptr<DeadlineWatchdog> watchdog_;
};

}  // namespace apiary
