#include "EngineIoSession.hpp"

namespace spectra_live {

EngineIoSession::EngineIoSession(EngineIoHandshake handshake, Transport transport, int64_t nowMs)
    : handshake_(std::move(handshake)),
      transport_(transport),
      nextPingMs_(nowMs + handshake_.pingIntervalMs) {}

std::string EngineIoSession::openPacket() const {
  EngineIoHandshake announced = handshake_;
  // A session opened on a WebSocket has nothing to upgrade to.
  announced.offerWebSocketUpgrade =
      handshake_.offerWebSocketUpgrade && transport_ == Transport::Polling;
  return EngineIoCodec::openPacket(announced);
}

EngineIoSession::Received EngineIoSession::receive(const EngineIoPacket& packet, int64_t nowMs,
                                                   bool probing) {
  (void)nowMs;
  std::lock_guard lock(mutex_);
  Received received;
  if (closed_) {
    received.closed = true;
    return received;
  }
  if (probing) {
    if (packet.type == EngineIoType::Ping && packet.data == "probe" && !packet.binary) {
      upgrading_ = true;
      received.replies.push_back("3probe");
      // The client pauses polling only once the pending poll returns: a noop releases it.
      queue_.push_back(EngineIoPacket{EngineIoType::Noop, "", false});
    } else if (packet.type == EngineIoType::Upgrade && upgrading_) {
      transport_ = Transport::WebSocket;
      upgrading_ = false;
    } else {
      closed_ = true;
      received.closed = true;
    }
    return received;
  }
  switch (packet.type) {
    case EngineIoType::Pong: pongDeadlineMs_.reset(); break;
    case EngineIoType::Message: received.messages.push_back(packet.data); break;
    case EngineIoType::Close:
      closed_ = true;
      received.closed = true;
      break;
    case EngineIoType::Noop: break;
    case EngineIoType::Ping:  // v4 clients never ping; engine.io answers anyway
      received.replies.push_back("3" + packet.data);
      break;
    case EngineIoType::Open:
    case EngineIoType::Upgrade:
      closed_ = true;
      received.closed = true;
      break;
  }
  return received;
}

EngineIoSession::Received EngineIoSession::receivePayload(std::string_view body, int64_t nowMs) {
  const auto packets = EngineIoCodec::decodePayload(body);
  if (!packets) {
    std::lock_guard lock(mutex_);
    closed_ = true;
    Received received;
    received.closed = true;
    return received;
  }
  Received all;
  for (const auto& packet : *packets) {
    Received one = receive(packet, nowMs);
    for (auto& m : one.messages) all.messages.push_back(std::move(m));
    for (auto& r : one.replies) all.replies.push_back(std::move(r));
    if (one.closed) {
      all.closed = true;
      break;
    }
  }
  return all;
}

void EngineIoSession::send(std::string message) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  queue_.push_back(EngineIoPacket{EngineIoType::Message, std::move(message), false});
}

std::optional<std::string> EngineIoSession::drainPoll() {
  std::lock_guard lock(mutex_);
  if (queue_.empty()) return std::nullopt;
  std::string payload = EngineIoCodec::encodePayload(queue_);
  queue_.clear();
  return payload;
}

std::vector<std::string> EngineIoSession::drainFrames() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> frames;
  frames.reserve(queue_.size());
  for (const auto& packet : queue_) {
    if (packet.type == EngineIoType::Noop) continue;  // only meaningful to a pending poll
    frames.push_back(EngineIoCodec::encode(packet));
  }
  queue_.clear();
  return frames;
}

bool EngineIoSession::tick(int64_t nowMs) {
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  if (pongDeadlineMs_ && nowMs >= *pongDeadlineMs_) {
    closed_ = true;  // engine.io's "ping timeout"
    return false;
  }
  if (!pongDeadlineMs_ && nowMs >= nextPingMs_) {
    queue_.push_back(EngineIoPacket{EngineIoType::Ping, "", false});
    pongDeadlineMs_ = nowMs + handshake_.pingTimeoutMs;
    nextPingMs_ = nowMs + handshake_.pingIntervalMs;
  }
  return true;
}

EngineIoSession::Transport EngineIoSession::transport() const {
  std::lock_guard lock(mutex_);
  return transport_;
}

bool EngineIoSession::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

}  // namespace spectra_live
