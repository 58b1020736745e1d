// Every upgraded WebSocket of the process, served by one host-owned reactor thread.
//
// Threading (why not a thread per connection): Poco's HTTPServer is thread-per-connection, so a
// WebSocket read in its worker would pin that worker for the connection's whole life, idle or
// not. Instead the worker only completes the handshake (101, on_open) and hands the socket to
// this hub; the worker returns to the pool at once. The hub's thread waits on all sockets in one
// PollSet (epoll) and reads a frame only when bytes are there, so idle connections cost a file
// descriptor and a little memory, not a thread. Sends are written directly by the calling thread
// (a plugin timer, a handler, a callback) under the connection's mutex, with a send timeout; no
// queue is needed because the kernel's socket buffer absorbs the usual burst.
//
// The price of one reader thread: a frame is read with a blocking call once its first byte is
// there, so a client that sends half a frame and stalls holds the hub up to frame_timeout_ms
// (then it is closed with 1008); and plugin callbacks share the thread, so they must be short.
#pragma once

#include "WebSocketConnection.h"
#include "WebSocketSettings.h"

#include <Poco/Net/PollSet.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
}  // namespace Poco::Net

namespace apiary {

class HostRequest;
class HostResponse;
class PluginInstance;
struct MountedRoute;

class WebSocketHub {
 public:
  WebSocketHub() = default;
  ~WebSocketHub();
  WebSocketHub(const WebSocketHub&) = delete;
  WebSocketHub& operator=(const WebSocketHub&) = delete;

  // The process's hub (the host functions reach it without a context).
  static WebSocketHub& shared();

  // A valid RFC 6455 client handshake (checked before the handler, so ws_accept cannot fail
  // in Poco's accept for a reason the plugin could have seen).
  static bool isUpgrade(const HostRequest& request);

  void configure(const WebSocketSettings& settings);
  WebSocketSettings settings() const;

  // ws_accept: reserves a connection slot; false at max_connections.
  bool reserve();
  // Completes an accepted upgrade on the worker thread: 101 with the response's headers, then
  // on_open, then the socket joins the reactor. When the handshake fails, on_close(0, ...) frees
  // the plugin's state.
  void upgrade(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out,
               PluginInstance& owner, const MountedRoute& route, const HostResponse& response);
  // The handler accepted and then failed: frees the state through on_close(0, 1011).
  void abandon(const MountedRoute& route, void* state);

  int32_t send(const PluginInstance* owner, uint64_t id, int32_t type, const void* data,
               size_t size);
  int32_t close(const PluginInstance* owner, uint64_t id, int32_t code, std::string_view reason);
  // Closes (1001) every connection of owner and returns once each on_close ran. Main thread,
  // before the instance's stop.
  void closeAll(const PluginInstance* owner);

  size_t connectionCount() const;

 private:
  using ConnectionPtr = std::shared_ptr<WebSocketConnection>;

  std::shared_ptr<WebSocketConnection> find(const PluginInstance* owner, uint64_t id) const;
  void ensureThread();
  void run();
  void adoptPending();
  void readFrom(const ConnectionPtr& c);
  void deliver(const ConnectionPtr& c);
  void fail(const ConnectionPtr& c, int code, std::string_view reason);
  void finish(const ConnectionPtr& c, int code, std::string_view reason);
  void sweep(int64_t nowMs);
  void serveCloseRequests();

  mutable std::mutex mutex_;
  WebSocketSettings settings_;
  std::unordered_map<uint64_t, ConnectionPtr> connections_;  // open and closing
  std::vector<ConnectionPtr> pending_;                       // to join the poll set
  std::vector<const PluginInstance*> closeRequests_;
  std::condition_variable closeServed_;
  uint64_t closeGeneration_ = 0;
  uint64_t nextId_ = 1;
  int reserved_ = 0;  // open connections plus accepted ones not yet open
  std::thread thread_;
  std::atomic<bool> stopping_{false};

  // --- hub thread only ---
  Poco::Net::PollSet pollSet_;
  std::unordered_map<const void*, ConnectionPtr> bySocket_;
};

}  // namespace apiary
