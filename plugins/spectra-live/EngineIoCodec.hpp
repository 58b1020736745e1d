// Engine.IO protocol v4 packets (the transport under socket.io v4), as the official clients send
// them: one packet per WebSocket text frame, several per HTTP long-polling body separated by the
// record separator 0x1e, binary packets over polling as "b" + base64. Decoding never throws: a
// malformed packet is nullopt and the caller closes the session (upstream's engine.io does too).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spectra_live {

enum class EngineIoType : char {
  Open = '0',
  Close = '1',
  Ping = '2',
  Pong = '3',
  Message = '4',
  Upgrade = '5',
  Noop = '6',
};

struct EngineIoPacket {
  EngineIoType type = EngineIoType::Message;
  std::string data;     // the text after the type character, or the decoded binary bytes
  bool binary = false;  // a binary message (WebSocket binary frame, "b" + base64 over polling)

  bool operator==(const EngineIoPacket&) const = default;
};

// What the server announces in the open packet (engine.io's defaults as upstream runs them).
struct EngineIoHandshake {
  std::string sid;
  bool offerWebSocketUpgrade = true;  // "upgrades":["websocket"] on a polling handshake
  int64_t pingIntervalMs = 25000;
  int64_t pingTimeoutMs = 20000;
  int64_t maxPayload = 1000000;
};

class EngineIoCodec {
 public:
  static constexpr char kRecordSeparator = '\x1e';

  // One text packet (a WebSocket text frame, or one record of a polling body).
  static std::optional<EngineIoPacket> decode(std::string_view text);
  // A WebSocket binary frame is a binary message with no type byte.
  static EngineIoPacket decodeBinaryFrame(std::string_view bytes);
  // The text form; a binary packet becomes "b" + base64 (only valid over polling).
  static std::string encode(const EngineIoPacket& packet);

  // An HTTP long-polling body: records separated by 0x1e; nullopt if any record is malformed
  // or the body is empty.
  static std::optional<std::vector<EngineIoPacket>> decodePayload(std::string_view body);
  static std::string encodePayload(const std::vector<EngineIoPacket>& packets);

  // The open packet:
  // 0{"sid":...,"upgrades":[...],"pingInterval":...,"pingTimeout":...,"maxPayload":...}
  static std::string openPacket(const EngineIoHandshake& handshake);
};

}  // namespace spectra_live
