// One open WebSocket: the socket, the plugin callbacks it reports to, and the state of its
// framing. Sends may come from any thread (serialized by sendMutex); everything below "hub
// thread only" is touched by the WebSocketHub's thread alone.
#pragma once

#include <Poco/Net/WebSocket.h>
#include <apiary/abi.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace apiary {

class PluginInstance;

class WebSocketConnection {
 public:
  WebSocketConnection(uint64_t id, Poco::Net::WebSocket socket, PluginInstance* owner,
                      const apiary_websocket_handlers& handlers, void* routeUser, void* state)
      : id(id),
        owner(owner),
        handlers(handlers),
        routeUser(routeUser),
        state(state),
        socket_(std::move(socket)) {}

  // Writes one frame (flags: Poco's FRAME_* bits). False when closing or closed, or when the
  // write failed or timed out (the connection is then marked broken for the hub to close).
  bool send(int flags, const void* data, size_t size);
  // Sends our close frame once (code 0: none); false when one was sent already.
  bool sendClose(int code, std::string_view reason);
  bool closeSent() const { return closeSent_.load(); }
  // The code and reason of our close frame (valid once closeSent()).
  std::pair<int, std::string> closedWith() const {
    std::lock_guard lock(sendMutex_);
    return {closeCode_, closeReason_};
  }
  bool broken() const { return broken_.load(); }
  Poco::Net::WebSocket& socket() { return socket_; }

  const uint64_t id;
  PluginInstance* const owner;
  const apiary_websocket_handlers handlers;
  void* const routeUser;
  void* const state;

  // --- hub thread only ---
  std::string message;     // the fragments of a message being reassembled
  int messageType = 0;     // APIARY_WS_TEXT/BINARY while reassembling, 0 between messages
  int64_t lastPingMs = 0;  // when we last pinged (or the connection opened)
  bool pingOutstanding = false;
  int64_t closeDeadlineMs = 0;  // after our close frame: give up waiting for the client's
  bool finished = false;

 private:
  Poco::Net::WebSocket socket_;
  mutable std::mutex sendMutex_;
  int closeCode_ = 0;  // our close frame's code and reason, reported to on_close
  std::string closeReason_;
  std::atomic<bool> closeSent_{false};
  std::atomic<bool> broken_{false};
};

}  // namespace apiary
