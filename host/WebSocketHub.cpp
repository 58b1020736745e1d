#include "WebSocketHub.h"

#include "ConnectionWatchdog.h"
#include "HostRequest.h"
#include "HostResponse.h"
#include "Mount.h"
#include "PluginInstance.h"

#include <Poco/Buffer.h>
#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>

#include <algorithm>
#include <chrono>
#include <climits>

namespace apiary {
namespace {

using Poco::Net::WebSocket;
constexpr int kFin = WebSocket::FRAME_FLAG_FIN;  // an int: or-ing two Poco enums is deprecated

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool iequals(std::string_view a, std::string_view b) {
  return RoutePattern::equals(a, b, true);
}

// Whether a comma-separated header value lists token (Connection: keep-alive, Upgrade).
bool listsToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (iequals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

// RFC 3629 UTF-8 (no overlongs, no surrogates, at most U+10FFFF): close code 1007 otherwise.
bool validUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t extra = 0;
    uint32_t cp = 0;
    if ((c & 0xe0) == 0xc0)
      extra = 1, cp = c & 0x1f;
    else if ((c & 0xf0) == 0xe0)
      extra = 2, cp = c & 0x0f;
    else if ((c & 0xf8) == 0xf0)
      extra = 3, cp = c & 0x07;
    else
      return false;
    if (i + extra >= s.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += extra + 1;
  }
  return true;
}

bool hostOwnedHeader(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
         iequals(name, "Connection") || iequals(name, "Upgrade") || iequals(name, "Content-Type") ||
         name.rfind("Sec-WebSocket-", 0) == 0;
}

Poco::Logger& logger() {
  return Poco::Logger::get("host.websocket");
}

}  // namespace

WebSocketHub::~WebSocketHub() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  // Instances close their connections before they stop; whatever is left has no owner to tell.
  for (auto& [id, c] : connections_) try {
      c->socket().close();
    } catch (const Poco::Exception&) {
    }
}

WebSocketHub& WebSocketHub::shared() {
  static WebSocketHub hub;
  return hub;
}

bool WebSocketHub::isUpgrade(const HostRequest& request) {
  if (request.method != "GET") return false;
  const std::string* upgrade = request.header("Upgrade");
  const std::string* connection = request.header("Connection");
  const std::string* version = request.header("Sec-WebSocket-Version");
  const std::string* key = request.header("Sec-WebSocket-Key");
  return upgrade != nullptr && listsToken(*upgrade, "websocket") && connection != nullptr &&
         listsToken(*connection, "upgrade") && version != nullptr && *version == "13" &&
         key != nullptr && !key->empty();
}

void WebSocketHub::configure(const WebSocketSettings& settings) {
  std::lock_guard lock(mutex_);
  settings_ = settings;
}

WebSocketSettings WebSocketHub::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

bool WebSocketHub::reserve() {
  std::lock_guard lock(mutex_);
  if (reserved_ >= settings_.maxConnections) return false;
  ++reserved_;
  return true;
}

size_t WebSocketHub::connectionCount() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

void WebSocketHub::abandon(const MountedRoute& route, void* state) {
  {
    std::lock_guard lock(mutex_);
    --reserved_;
  }
  route.websocket->on_close(route.user, 0, state, 1011, apiary_str{"handler failed", 14});
}

void WebSocketHub::upgrade(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out,
                           PluginInstance& owner, const MountedRoute& route,
                           const HostResponse& response) {
  const WebSocketSettings s = settings();
  ConnectionPtr c;
  try {
    for (const auto& [name, value] : response.headers)
      if (!hostOwnedHeader(name)) out.add(name, value);
    WebSocket socket(in, out);  // sends 101 and detaches the socket from the HTTP session
    // The hub's thread owns the socket from now on and may close it at any time: the serving
    // thread's watchdog entry must never act on that descriptor again.
    ConnectionWatchdog::detached();
    socket.setMaxPayloadSize(static_cast<int>(std::min<int64_t>(s.maxMessageBytes, INT_MAX)));
    socket.setReceiveTimeout(
        Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(s.frameTimeoutMs) * 1000));
    socket.setSendTimeout(
        Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(s.sendTimeoutMs) * 1000));
    socket.setNoDelay(true);
    std::lock_guard lock(mutex_);
    c = std::make_shared<WebSocketConnection>(nextId_++, std::move(socket), &owner,
                                              *route.websocket, route.user,
                                              response.webSocketState);
    connections_.emplace(c->id, c);
  } catch (const Poco::Exception& e) {
    logger().warning("upgrade failed: plugin=" + owner.name() + " " + e.displayText());
    abandon(route, response.webSocketState);
    return;
  }
  c->lastPingMs = nowMs();
  if (c->handlers.on_open != nullptr) c->handlers.on_open(c->routeUser, c->id, c->state);
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(c);
  }
  ensureThread();
}

void WebSocketHub::ensureThread() {
  std::lock_guard lock(mutex_);
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

WebSocketHub::ConnectionPtr WebSocketHub::find(const PluginInstance* owner, uint64_t id) const {
  std::lock_guard lock(mutex_);
  const auto it = connections_.find(id);
  if (it == connections_.end() || it->second->owner != owner) return nullptr;
  return it->second;
}

int32_t WebSocketHub::send(const PluginInstance* owner, uint64_t id, int32_t type, const void* data,
                           size_t size) {
  if ((type != APIARY_WS_TEXT && type != APIARY_WS_BINARY) || size > INT_MAX ||
      (data == nullptr && size != 0))
    return 0;
  const ConnectionPtr c = find(owner, id);
  if (c == nullptr) return 0;
  const int flags =
      kFin | (type == APIARY_WS_TEXT ? WebSocket::FRAME_OP_TEXT : WebSocket::FRAME_OP_BINARY);
  return c->send(flags, data, size) ? 1 : 0;
}

int32_t WebSocketHub::close(const PluginInstance* owner, uint64_t id, int32_t code,
                            std::string_view reason) {
  // 1004-1006 and 1015 are reserved for reporting, never sent (RFC 6455 7.4.1).
  if (code < 1000 || code > 4999 || (code >= 1004 && code <= 1006) || code == 1015 ||
      (code > 1015 && code < 3000))
    return 0;
  const ConnectionPtr c = find(owner, id);
  if (c == nullptr) return 0;
  return c->sendClose(code, reason) ? 1 : 0;  // the hub's sweep ends it after the grace time
}

void WebSocketHub::closeAll(const PluginInstance* owner) {
  std::unique_lock lock(mutex_);
  auto owns = [&] {
    return std::any_of(connections_.begin(), connections_.end(),
                       [&](const auto& entry) { return entry.second->owner == owner; });
  };
  if (!owns() || !thread_.joinable()) return;
  closeRequests_.push_back(owner);
  closeServed_.wait(lock, [&] { return !owns(); });
}

void WebSocketHub::serveCloseRequests() {
  std::vector<const PluginInstance*> owners;
  {
    std::lock_guard lock(mutex_);
    owners.swap(closeRequests_);
  }
  if (owners.empty()) return;
  std::vector<ConnectionPtr> victims;
  for (const auto& [key, c] : bySocket_)
    if (std::find(owners.begin(), owners.end(), c->owner) != owners.end()) victims.push_back(c);
  for (const auto& c : victims) {
    c->sendClose(1001, "Server stopping");
    finish(c, 1001, "Server stopping");
  }
  closeServed_.notify_all();
}

void WebSocketHub::adoptPending() {
  std::vector<ConnectionPtr> adopted;
  {
    std::lock_guard lock(mutex_);
    adopted.swap(pending_);
  }
  for (const auto& c : adopted) {
    try {
      pollSet_.add(c->socket(), Poco::Net::PollSet::POLL_READ | Poco::Net::PollSet::POLL_ERROR);
      bySocket_.emplace(c->socket().impl(), c);
      // Bytes the HTTP session read ahead are in Poco's buffer, invisible to epoll.
      if (c->socket().available() > 0) readFrom(c);
    } catch (const Poco::Exception& e) {
      finish(c, 1006, "Connection lost");
    }
  }
}

void WebSocketHub::run() {
  int64_t lastSweep = 0;
  while (!stopping_) {
    adoptPending();
    serveCloseRequests();
    Poco::Net::PollSet::SocketModeMap ready;
    try {
      ready = pollSet_.poll(Poco::Timespan(0, 50 * 1000));
    } catch (const Poco::Exception& e) {
      logger().error("poll failed: " + e.displayText());
    }
    for (const auto& [socket, mode] : ready) {
      const auto it = bySocket_.find(socket.impl());
      if (it == bySocket_.end()) continue;
      const ConnectionPtr c = it->second;  // readFrom may erase the entry
      readFrom(c);
    }
    const int64_t now = nowMs();
    if (now - lastSweep >= 50) {
      sweep(now);
      lastSweep = now;
    }
  }
}

void WebSocketHub::readFrom(const ConnectionPtr& c) {
  if (c->finished) return;
  Poco::Buffer<char> buffer(0);
  int flags = 0;
  int n = 0;
  try {
    n = c->socket().receiveFrame(buffer, flags);
  } catch (const Poco::Net::WebSocketException& e) {
    if (c->closeSent()) return finish(c, c->closedWith().first, c->closedWith().second);
    if (e.code() == WebSocket::WS_ERR_PAYLOAD_TOO_BIG) return fail(c, 1009, "Message too big");
    return fail(c, 1002, "Protocol error");
  } catch (const Poco::TimeoutException&) {
    if (c->closeSent()) return finish(c, c->closedWith().first, c->closedWith().second);
    return fail(c, 1008, "Frame timeout");
  } catch (const Poco::Exception&) {
    if (c->closeSent()) return finish(c, c->closedWith().first, c->closedWith().second);
    return finish(c, 1006, "Connection lost");
  }
  if (n <= 0 && flags == 0) {  // the peer closed TCP without (answering) a close frame
    if (c->closeSent()) return finish(c, c->closedWith().first, c->closedWith().second);
    return finish(c, 1006, "Connection lost");
  }
  if ((flags &
       (WebSocket::FRAME_FLAG_RSV1 | WebSocket::FRAME_FLAG_RSV2 | WebSocket::FRAME_FLAG_RSV3)) != 0)
    return fail(c, 1002, "Reserved bits set");
  const int opcode = flags & WebSocket::FRAME_OP_BITMASK;
  const bool fin = (flags & WebSocket::FRAME_FLAG_FIN) != 0;
  const std::string_view payload(buffer.begin(), static_cast<size_t>(std::max(n, 0)));
  switch (opcode) {
    case WebSocket::FRAME_OP_PING:
      if (!fin || payload.size() > 125) return fail(c, 1002, "Invalid ping");
      c->send(kFin | WebSocket::FRAME_OP_PONG, payload.data(), payload.size());
      return;
    case WebSocket::FRAME_OP_PONG: c->pingOutstanding = false; return;
    case WebSocket::FRAME_OP_CLOSE: {
      if (payload.size() == 1 || payload.size() > 125) return fail(c, 1002, "Invalid close frame");
      int code = 1005;
      std::string reason;
      if (payload.size() >= 2) {
        code =
            (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]);
        reason.assign(payload.substr(2));
      }
      if (c->closeSent()) return finish(c, c->closedWith().first, c->closedWith().second);
      c->sendClose(code == 1005 ? 0 : code, "");  // echo the client's code
      return finish(c, code, reason);
    }
    case WebSocket::FRAME_OP_TEXT:
    case WebSocket::FRAME_OP_BINARY:
      if (c->messageType != 0) return fail(c, 1002, "Expected a continuation frame");
      c->messageType = opcode == WebSocket::FRAME_OP_TEXT ? APIARY_WS_TEXT : APIARY_WS_BINARY;
      c->message.assign(payload);
      break;
    case WebSocket::FRAME_OP_CONT:
      if (c->messageType == 0) return fail(c, 1002, "Unexpected continuation frame");
      c->message.append(payload);
      break;
    default: return fail(c, 1002, "Unknown opcode");
  }
  if (static_cast<int64_t>(c->message.size()) > settings().maxMessageBytes)
    return fail(c, 1009, "Message too big");
  if (fin) deliver(c);
}

void WebSocketHub::deliver(const ConnectionPtr& c) {
  std::string message;
  message.swap(c->message);
  const int type = c->messageType;
  c->messageType = 0;
  if (c->closeSent()) return;  // closing: no message is delivered any more
  if (type == APIARY_WS_TEXT && !validUtf8(message)) return fail(c, 1007, "Invalid UTF-8");
  if (type == APIARY_WS_BINARY && c->handlers.accepts_binary == 0)
    return fail(c, 1003, "Binary messages are not accepted");
  if (c->handlers.on_message == nullptr) return;
  if (c->handlers.on_message(c->routeUser, c->id, c->state, type, message.data(), message.size()) !=
      APIARY_OK)
    fail(c, 1011, "Internal error");
}

void WebSocketHub::fail(const ConnectionPtr& c, int code, std::string_view reason) {
  // The close frame goes out now; the connection ends when the client answers it or after the
  // grace time (closing the socket at once could reset it before the client read the frame).
  c->sendClose(code, reason);
  if (c->closeDeadlineMs == 0) c->closeDeadlineMs = nowMs() + settings().closeGraceMs;
}

void WebSocketHub::finish(const ConnectionPtr& c, int code, std::string_view reason) {
  if (c->finished) return;
  c->finished = true;
  try {
    pollSet_.remove(c->socket());
  } catch (const Poco::Exception&) {
  }
  bySocket_.erase(c->socket().impl());
  {
    std::lock_guard lock(mutex_);
    connections_.erase(c->id);
    --reserved_;
  }
  try {
    c->socket().close();
  } catch (const Poco::Exception&) {
  }
  const std::string text(reason);
  c->handlers.on_close(c->routeUser, c->id, c->state, code, apiary_str{text.data(), text.size()});
}

void WebSocketHub::sweep(int64_t now) {
  const WebSocketSettings s = settings();
  std::vector<ConnectionPtr> all;
  all.reserve(bySocket_.size());
  for (const auto& [key, c] : bySocket_) all.push_back(c);
  for (const auto& c : all) {
    if (c->finished) continue;
    if (c->broken()) {
      if (c->closeSent())
        finish(c, c->closedWith().first, c->closedWith().second);
      else
        finish(c, 1006, "Send failed");
    } else if (c->closeSent()) {
      // ws_close from another thread cannot set the deadline: the first sweep after it does.
      if (c->closeDeadlineMs == 0)
        c->closeDeadlineMs = now + s.closeGraceMs;
      else if (now >= c->closeDeadlineMs)
        finish(c, c->closedWith().first, c->closedWith().second);
    } else if (c->pingOutstanding && now - c->lastPingMs > s.pongTimeoutMs) {
      fail(c, 1001, "Ping timeout");
    } else if (!c->pingOutstanding && now - c->lastPingMs >= s.pingIntervalMs) {
      c->pingOutstanding = true;
      c->lastPingMs = now;
      c->send(kFin | WebSocket::FRAME_OP_PING, "", 0);
    }
  }
}

}  // namespace apiary
