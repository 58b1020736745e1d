#include "ServerSession.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>

namespace apiary {

ServerSession::ServerSession(const Poco::Net::StreamSocket& socket,
                             Poco::Net::HTTPServerParams::Ptr params, bool plainText)
    : HTTPServerSession(socket, params),
      remaining_(params->getMaxKeepAliveRequests()),
      keepAliveTimeout_(params->getKeepAliveTimeout()),
      plainText_(plainText) {}

bool ServerSession::awaitRequest() {
  if (!socket().impl()->initialized()) return false;  // detached (WebSocket) or closed
  if (first_) {
    first_ = false;
    --remaining_;  // as Poco: a limit of 0 becomes -1, no limit
    return readable(getTimeout());
  }
  if (remaining_ == 0 || !getKeepAlive()) return false;
  if (remaining_ > 0) --remaining_;
  return buffered() > 0 || readable(keepAliveTimeout_);
}

bool ServerSession::readable(Poco::Timespan timeout) {
  Poco::Net::SocketImpl& impl = *socket().impl();
  // OpenSSL may hold decrypted bytes the descriptor no longer shows (SSL_pending, no syscall).
  if (!plainText_ && impl.available() > 0) return true;
  pollfd watched{impl.sockfd(), POLLIN, 0};
  const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::microseconds(std::max<Poco::Timespan::TimeDiff>(timeout.totalMicroseconds(), 0));
  while (true) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const int rc =
        ::poll(&watched, 1, static_cast<int>(std::clamp<int64_t>(left.count(), 0, INT_MAX)));
    // Readable, or an error or hang-up that the next read reports: either way, read.
    if (rc > 0) return true;
    if (rc == 0 || errno != EINTR) return false;
  }
}

}  // namespace apiary
