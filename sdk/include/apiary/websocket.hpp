// WebSocket routes (ABI 1.5). A route accepts upgrades by returning a session per connection:
//
//   struct Echo : apiary::WebSocketSession {
//     void onText(std::string_view m) override { link().sendText(m); }
//   };
//   router.websocket("/ws", {.accept = [](const apiary::Request& r) {
//     if (!r.query("token")) throw apiary::HttpError(401, "token required");  // refused: HTTP
//     return std::make_unique<Echo>();
//   }});
//
// The host does the framing (ping/pong, fragments, size limit, close codes). A session's
// callbacks run on the host's WebSocket thread, one at a time and in order (onOpen, messages,
// onClose); keep them short, they share that thread with every other connection. A link sends
// from any thread (a timer, a handler) until the connection is closed. The session is deleted
// right after onClose, which is called exactly once.
#pragma once

#include <apiary/host_api.hpp>
#include <apiary/request.hpp>
#include <apiary/response.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

namespace apiary {

namespace detail {
struct WebSocketCallbacks;
}

// One open connection, by id; cheap to copy and usable from any thread.
class WebSocketLink {
 public:
  WebSocketLink() = default;
  WebSocketLink(apiary_plugin_ctx* ctx, uint64_t id) : ctx_(ctx), id_(id) {}

  uint64_t id() const { return id_; }
  // False when the connection is closed or closing (nothing was sent).
  bool sendText(std::string_view message) const { return send(APIARY_WS_TEXT, message); }
  bool sendBinary(std::string_view message) const { return send(APIARY_WS_BINARY, message); }
  // Starts the closing handshake (code 1000-4999, reason up to 123 bytes); onClose follows.
  bool close(int code = 1000, std::string_view reason = {}) const {
    return id_ != 0 && host().ws_close(ctx_, id_, code, toStr(reason)) != 0;
  }

 private:
  bool send(int32_t type, std::string_view message) const {
    return id_ != 0 && host().ws_send(ctx_, id_, type, message.data(), message.size()) != 0;
  }

  apiary_plugin_ctx* ctx_ = nullptr;
  uint64_t id_ = 0;
};

// The state and callbacks of one connection. Exceptions from onText/onBinary close the
// connection with 1011.
class WebSocketSession {
 public:
  virtual ~WebSocketSession() = default;
  virtual void onOpen() {}
  virtual void onText(std::string_view message) { (void)message; }
  virtual void onBinary(std::string_view message) { (void)message; }
  // code/reason: the client's close frame, or the host's (1006: the peer vanished).
  virtual void onClose(int code, std::string_view reason) {
    (void)code;
    (void)reason;
  }
  // Valid from onOpen on.
  const WebSocketLink& link() const { return link_; }

 private:
  friend struct detail::WebSocketCallbacks;
  WebSocketLink link_;
};

struct WebSocketRoute {
  // An upgrade request: return the connection's session, or throw HttpError to refuse it with
  // that status in the plugin's envelope. Runs on a worker thread.
  std::function<std::unique_ptr<WebSocketSession>(const Request&)> accept;
  // Plain requests on the same path (Engine.IO polling); empty: 426 Upgrade Required.
  std::function<Response(const Request&)> plain;
  // False: a binary message closes the connection with 1003.
  bool acceptsBinary = true;
};

}  // namespace apiary
