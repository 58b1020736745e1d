#include "EngineIoCodec.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace spectra_live {

namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool knownType(char c) {
  return c >= '0' && c <= '6';
}

}  // namespace

std::optional<EngineIoPacket> EngineIoCodec::decode(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() == 'b') {
    auto bytes = base64Decode(text.substr(1));
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
  if (packet.binary) return "b" + base64Encode(packet.data);
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

std::string EngineIoCodec::base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) |
                       (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint32_t(uint8_t(bytes[i + 2]));
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += kBase64Alphabet[(n >> 6) & 63];
    out += kBase64Alphabet[n & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    if (rest == 2) n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> EngineIoCodec::base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    std::array<int, 4> v{};
    int padding = 0;
    for (size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      if (c == '=') {
        // Padding only in the last group, only in its last two places, and nothing after it.
        if (i + 4 != text.size() || j < 2) return std::nullopt;
        ++padding;
        v[j] = 0;
        continue;
      }
      if (padding > 0) return std::nullopt;
      v[j] = base64Value(c);
      if (v[j] < 0) return std::nullopt;
    }
    const uint32_t n =
        (uint32_t(v[0]) << 18) | (uint32_t(v[1]) << 12) | (uint32_t(v[2]) << 6) | uint32_t(v[3]);
    out += char((n >> 16) & 0xff);
    if (padding < 2) out += char((n >> 8) & 0xff);
    if (padding < 1) out += char(n & 0xff);
  }
  return out;
}

}  // namespace spectra_live
