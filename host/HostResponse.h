// The host's side of apiary_response: status, headers and body that a handler or an error
// formatter fills in; the pipeline then sends it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace apiary {

class HostResponse {
 public:
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // 1.5: the handler accepted a WebSocket upgrade (ws_accept) with this connection state.
  bool webSocketAccepted = false;
  void* webSocketState = nullptr;

  void setHeader(std::string_view name, std::string_view value);
  void addHeader(std::string_view name, std::string_view value);
  bool hasHeader(std::string_view name) const;
  void reset(int newStatus);
};

}  // namespace apiary
