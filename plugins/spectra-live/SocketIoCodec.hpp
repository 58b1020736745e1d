// socket.io protocol v5 packets (socket.io v4 servers and clients), carried in Engine.IO message
// packets: <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]. Spectra's clients use
// the main namespace "/" and events whose single argument is a JSON *string* (upstream calls
// JSON.parse on it), so binary attachments are recognised and refused, not reassembled.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spectra_live {

using Json = nlohmann::ordered_json;

enum class SocketIoType : int {
  Connect = 0,
  Disconnect = 1,
  Event = 2,
  Ack = 3,
  ConnectError = 4,
  BinaryEvent = 5,
  BinaryAck = 6,
};

struct SocketIoPacket {
  SocketIoType type = SocketIoType::Event;
  std::string nsp = "/";
  std::optional<uint64_t> ackId;
  std::optional<Json> data;  // absent when the packet carries no payload
  int attachments = 0;       // binary packets only

  bool operator==(const SocketIoPacket&) const = default;

  // For an Event: ["name", args...] -> the name; nullopt when it is not a well-formed event.
  std::optional<std::string> eventName() const;
  // For an Event: the first argument, or nullptr when there is none.
  const Json* firstArgument() const;
};

class SocketIoCodec {
 public:
  // Malformed text (unknown type, bad namespace, bad JSON, payload of the wrong shape for the
  // type, an ack id over 2^53) is nullopt.
  static std::optional<SocketIoPacket> decode(std::string_view text);
  static std::string encode(const SocketIoPacket& packet);

  // Helpers for what the server sends.
  static std::string event(const std::string& name, const Json& argument,
                           const std::string& nsp = "/");
  static std::string connectAccepted(const std::string& sid, const std::string& nsp = "/");
  static std::string connectError(const std::string& message, const std::string& nsp = "/");
};

}  // namespace spectra_live
