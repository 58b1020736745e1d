// The host's side of apiary_request: a request as a plugin handler sees it. Built once per
// request on the worker thread and read only while the handler runs.
#pragma once

#include <apiary/route_pattern.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace apiary {

class HostRequest {
 public:
  std::string method;
  std::string path;         // raw path as received, without the query
  std::string queryString;  // raw, without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remoteAddress;  // "ip:port"
  std::string remoteHost;     // "ip": the unit failed-auth throttling counts by
  std::string requestId;
  PathParams params;
  // Set by the authentication phase (ABI 1.3).
  std::string principal;
  std::vector<std::string> scopes;
  // The reason code of a host-made error while the plugin's format_error renders it.
  std::string errorCode;
  // 1.5: a valid WebSocket upgrade on a route with WebSocket handlers (request_is_websocket).
  bool webSocketUpgrade = false;

  // First query parameter with that name, decoded into scratch storage owned by this request.
  const std::string* query(std::string_view name) const;
  const std::string* header(std::string_view name) const;
  const std::string* param(std::string_view name) const;

 private:
  mutable std::vector<std::pair<std::string, std::string>> decodedQuery_;
  mutable bool queryDecoded_ = false;
};

}  // namespace apiary
