#include "EngineIoCodec.hpp"

#include <nlohmann/json.hpp>

#include <apiary/base64.hpp>

namespace spectra_live {

namespace {

bool knownType(char c) {
  return c >= '0' && c <= '6';
}

}  // namespace

std::optional<EngineIoPacket> EngineIoCodec::decode(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() == 'b') {
    auto bytes = apiary::base64::decode(text.substr(1));
    if (!bytes) return std::nullopt;
    return EngineIoPacket{EngineIoType::Message, std::move(*bytes), true};
  }
  if (!knownType(text.front())) return std::nullopt;
  return EngineIoPacket{static_cast<EngineIoType>(text.front()), std::string(text.substr(1)),
                        false};
}

EngineIoPacket EngineIoCodec::decodeBinaryFrame(std::string_view bytes) {
  return EngineIoPacket{EngineIoType::Message, std::string(bytes), true};
}

std::string EngineIoCodec::encode(const EngineIoPacket& packet) {
  if (packet.binary) return "b" + apiary::base64::encode(packet.data);
  std::string out(1, static_cast<char>(packet.type));
  out += packet.data;
  return out;
}

std::optional<std::vector<EngineIoPacket>> EngineIoCodec::decodePayload(std::string_view body) {
  if (body.empty()) return std::nullopt;
  std::vector<EngineIoPacket> packets;
  size_t start = 0;
  while (true) {
    const size_t end = body.find(kRecordSeparator, start);
    auto packet = decode(body.substr(start, end == std::string_view::npos ? end : end - start));
    if (!packet) return std::nullopt;
    packets.push_back(std::move(*packet));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return packets;
}

std::string EngineIoCodec::encodePayload(const std::vector<EngineIoPacket>& packets) {
  std::string out;
  for (size_t i = 0; i < packets.size(); ++i) {
    if (i > 0) out += kRecordSeparator;
    out += encode(packets[i]);
  }
  return out;
}

std::string EngineIoCodec::openPacket(const EngineIoHandshake& handshake) {
  nlohmann::ordered_json open;
  open["sid"] = handshake.sid;
  open["upgrades"] = handshake.offerWebSocketUpgrade ? nlohmann::ordered_json::array({"websocket"})
                                                     : nlohmann::ordered_json::array();
  open["pingInterval"] = handshake.pingIntervalMs;
  open["pingTimeout"] = handshake.pingTimeoutMs;
  open["maxPayload"] = handshake.maxPayload;
  return "0" + open.dump();
}

}  // namespace spectra_live
