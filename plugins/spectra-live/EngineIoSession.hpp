// One Engine.IO v4 session, independent of how bytes move (the plugin feeds it HTTP polling
// requests and WebSocket frames): the handshake, the server's heartbeat (a ping every
// pingInterval, the session closes if no pong arrives within pingTimeout), the polling -> WebSocket
// upgrade ("2probe"/"3probe", then "5"; a poll waiting on the old transport gets a noop), and the
// outbound queue a long-poll drains.
//
// Thread safety: every method locks the session, so a timer, the connection's own reader and a
// broadcast from another connection's event may all call send() at once.
#pragma once

#include "EngineIoCodec.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace spectra_live {

class EngineIoSession {
 public:
  enum class Transport { Polling, WebSocket };

  EngineIoSession(EngineIoHandshake handshake, Transport transport, int64_t nowMs);

  // The open packet's text, sent first on either transport.
  std::string openPacket() const;

  // What a received packet means for the layer above.
  struct Received {
    std::vector<std::string> messages;  // Engine.IO message payloads (socket.io packets)
    std::vector<std::string> replies;   // packets to send back at once on the same transport
    bool closed = false;                // the client closed, or sent garbage
  };
  // One packet from the client; probing marks a packet that came on the WebSocket that is being
  // upgraded to (only the probe and the upgrade are valid there).
  Received receive(const EngineIoPacket& packet, int64_t nowMs, bool probing = false);
  // A polling POST body (several packets); garbage closes the session.
  Received receivePayload(std::string_view body, int64_t nowMs);

  // Queues a message for the client (a socket.io packet's text).
  void send(std::string message);
  // What a long-poll GET returns now: the queued packets as one payload; nullopt when nothing is
  // queued (the caller holds the request until something is, or answers after pingInterval).
  std::optional<std::string> drainPoll();
  // WebSocket transport: the queued packets, one text frame each.
  std::vector<std::string> drainFrames();

  // The heartbeat: queues a ping when due; returns false when the session has timed out (no pong
  // within pingTimeout of a ping) or was closed, and the caller must drop the connection.
  bool tick(int64_t nowMs);

  Transport transport() const;
  bool closed() const;
  const std::string& sid() const { return handshake_.sid; }
  int64_t pingIntervalMs() const { return handshake_.pingIntervalMs; }

 private:
  mutable std::mutex mutex_;
  const EngineIoHandshake handshake_;
  Transport transport_;
  bool upgrading_ = false;
  bool closed_ = false;
  int64_t nextPingMs_;
  std::optional<int64_t> pongDeadlineMs_;
  std::vector<EngineIoPacket> queue_;
};

}  // namespace spectra_live
