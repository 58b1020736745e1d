// The HTTP/1.x session of one GuardedConnection: Poco's HTTPServerSession with its own wait for
// the next request. Poco 1.11's hasMoreRequests waits with Socket::poll, which on Linux creates an
// epoll instance for every call (epoll_create, epoll_ctl, epoll_wait, close): four system calls
// per request, or per connection without keep-alive, where poll(2) takes one. The rules are
// Poco's: the first request may take the session timeout to start, later ones the keep-alive
// timeout, at most max_keep_alive_requests per connection, bytes already read ahead count as the
// next request, and a socket taken over by a WebSocket has no next request. One addition: on TLS
// the bytes OpenSSL has already decrypted count too (a plain poll cannot see them).
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Timespan.h>

namespace apiary {

class ServerSession : public Poco::Net::HTTPServerSession {
 public:
  ServerSession(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                bool plainText);

  // Instead of hasMoreRequests(): waits until the next request can be read (true) or the
  // connection is done (false: closed, timed out, keep-alive off or used up).
  bool awaitRequest();
  // Instead of canKeepAlive(): this connection may serve another request after this one.
  bool mayKeepAlive() const { return remaining_ != 0; }

 private:
  bool readable(Poco::Timespan timeout);

  bool first_ = true;
  int remaining_;  // requests this connection may still serve; negative: no limit (a limit of 0)
  Poco::Timespan keepAliveTimeout_;
  bool plainText_;
};

}  // namespace apiary
