#include "SocketIoCodec.hpp"

#include <apiary/json_depth.hpp>

namespace spectra_live {

namespace {

constexpr uint64_t kMaxAckId = (uint64_t(1) << 53);  // what a JS number holds exactly

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// socket.io-parser's isPayloadValid.
bool payloadFits(SocketIoType type, const std::optional<Json>& data) {
  switch (type) {
    case SocketIoType::Connect: return !data || data->is_object();
    case SocketIoType::Disconnect: return !data;
    case SocketIoType::ConnectError: return data && (data->is_string() || data->is_object());
    case SocketIoType::Event:
    case SocketIoType::BinaryEvent:
      return data && data->is_array() && !data->empty() &&
             ((*data)[0].is_string() || (*data)[0].is_number_integer());
    case SocketIoType::Ack:
    case SocketIoType::BinaryAck: return data && data->is_array();
  }
  return false;
}

}  // namespace

std::optional<std::string> SocketIoPacket::eventName() const {
  if (type != SocketIoType::Event || !data || !data->is_array() || data->empty() ||
      !(*data)[0].is_string()) {
    return std::nullopt;
  }
  return (*data)[0].get<std::string>();
}

const Json* SocketIoPacket::firstArgument() const {
  if (!data || !data->is_array() || data->size() < 2) return nullptr;
  return &(*data)[1];
}

std::optional<SocketIoPacket> SocketIoCodec::decode(std::string_view text) {
  if (text.empty() || text[0] < '0' || text[0] > '6') return std::nullopt;
  SocketIoPacket packet;
  packet.type = static_cast<SocketIoType>(text[0] - '0');
  size_t i = 1;

  if (packet.type == SocketIoType::BinaryEvent || packet.type == SocketIoType::BinaryAck) {
    const size_t dash = text.find('-', i);
    if (dash == std::string_view::npos || dash == i || dash - i > 6) return std::nullopt;
    int count = 0;
    for (size_t j = i; j < dash; ++j) {
      if (!isDigit(text[j])) return std::nullopt;
      count = count * 10 + (text[j] - '0');
    }
    packet.attachments = count;
    i = dash + 1;
  }

  if (i < text.size() && text[i] == '/') {
    const size_t comma = text.find(',', i);
    const size_t end = comma == std::string_view::npos ? text.size() : comma;
    packet.nsp = std::string(text.substr(i, end - i));
    i = comma == std::string_view::npos ? text.size() : comma + 1;
  }

  if (i < text.size() && isDigit(text[i])) {
    uint64_t id = 0;
    while (i < text.size() && isDigit(text[i])) {
      id = id * 10 + uint64_t(text[i] - '0');
      if (id > kMaxAckId) return std::nullopt;
      ++i;
    }
    packet.ackId = id;
  }

  if (i < text.size()) {
    if (!apiary::jsonDepthWithin(text.substr(i))) return std::nullopt;
    Json parsed = Json::parse(text.substr(i), nullptr, false);
    if (parsed.is_discarded()) return std::nullopt;
    packet.data = std::move(parsed);
  }
  if (!payloadFits(packet.type, packet.data)) return std::nullopt;
  if (packet.ackId &&
      (packet.type == SocketIoType::Connect || packet.type == SocketIoType::Disconnect ||
       packet.type == SocketIoType::ConnectError)) {
    return std::nullopt;
  }
  return packet;
}

std::string SocketIoCodec::encode(const SocketIoPacket& packet) {
  std::string out(1, char('0' + static_cast<int>(packet.type)));
  if (packet.type == SocketIoType::BinaryEvent || packet.type == SocketIoType::BinaryAck) {
    out += std::to_string(packet.attachments) + "-";
  }
  if (!packet.nsp.empty() && packet.nsp != "/") out += packet.nsp + ",";
  if (packet.ackId) out += std::to_string(*packet.ackId);
  if (packet.data) out += packet.data->dump();
  return out;
}

std::string SocketIoCodec::event(const std::string& name, const Json& argument,
                                 const std::string& nsp) {
  SocketIoPacket packet;
  packet.type = SocketIoType::Event;
  packet.nsp = nsp;
  packet.data = Json::array({name, argument});
  return encode(packet);
}

std::string SocketIoCodec::connectAccepted(const std::string& sid, const std::string& nsp) {
  SocketIoPacket packet;
  packet.type = SocketIoType::Connect;
  packet.nsp = nsp;
  packet.data = Json{{"sid", sid}};
  return encode(packet);
}

std::string SocketIoCodec::connectError(const std::string& message, const std::string& nsp) {
  SocketIoPacket packet;
  packet.type = SocketIoType::ConnectError;
  packet.nsp = nsp;
  packet.data = Json{{"message", message}};
  return encode(packet);
}

}  // namespace spectra_live
