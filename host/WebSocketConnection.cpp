#include "WebSocketConnection.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>

#include <cstring>

namespace apiary {
namespace {
constexpr int kFin = Poco::Net::WebSocket::FRAME_FLAG_FIN;
}

bool WebSocketConnection::send(int flags, const void* data, size_t size) {
  std::lock_guard lock(sendMutex_);
  if (closeSent_ || broken_) return false;
  try {
    socket_.sendFrame(data, static_cast<int>(size), flags);
    return true;
  } catch (const Poco::Exception&) {
    // A timeout leaves a partial frame on the wire: the connection cannot be used any more.
    broken_ = true;
    return false;
  }
}

bool WebSocketConnection::sendClose(int code, std::string_view reason) {
  std::lock_guard lock(sendMutex_);
  if (closeSent_.exchange(true)) return false;
  closeCode_ = code == 0 ? 1005 : code;
  closeReason_ = std::string(reason.substr(0, 123));
  if (broken_) return true;
  std::string payload;
  if (code != 0) {
    payload.push_back(static_cast<char>((code >> 8) & 0xff));
    payload.push_back(static_cast<char>(code & 0xff));
    payload.append(reason.substr(0, 123));  // control frames carry at most 125 bytes
  }
  try {
    socket_.sendFrame(payload.data(), static_cast<int>(payload.size()),
                      kFin | Poco::Net::WebSocket::FRAME_OP_CLOSE);
  } catch (const Poco::Exception&) {
    broken_ = true;
  }
  return true;
}

}  // namespace apiary
