// One HTTP/1.x connection of a listener: Poco 1.11's HTTPServerConnection::run loop, run here
// instead of inherited, for three reasons:
//  - the ConnectionWatchdog learns each request's phases (headers read, response sent) from the
//    loop itself, without wrapping every handler in another heap object;
//  - a request head Poco cannot parse is answered in the host's JSON envelope with the status
//    that says why (431 header too large or too many fields, 505 an HTTP version other than
//    1.0/1.1, 400 otherwise), where Poco answers a bare 400 to all of them
//    and passes a request line without a version on with the next line's first word as one;
//  - the Date header comes from a per-second cache (HttpDate) instead of being formatted for
//    every request.
//  - the wait for the next request is one poll(2), not Poco's epoll instance per wait
//    (ServerSession).
// Everything else is Poco's: HTTPServerSession, HTTPServerRequestImpl/ResponseImpl (WebSocket
// upgrades detach the socket from them as before), keep-alive rules, and what a stop means (idle
// connections close at once, requests in flight are answered first; see stop()).
#pragma once

#include "ConnectionWatchdog.h"

#include <Poco/Mutex.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnection.h>

#include <boost/intrusive/list_hook.hpp>

#include <atomic>
#include <string_view>

namespace apiary {

class GuardedConnectionFactory;
class ServerSession;

class GuardedConnection : public Poco::Net::TCPServerConnection {
 public:
  // The connection is on the factory's live list for its lifetime (the factory stops it).
  GuardedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                    GuardedConnectionFactory& factory, ConnectionWatchdog& watchdog,
                    bool plainText);
  ~GuardedConnection() override;

  void run() override;

  // The status and envelope message for a request head Poco refused with `what` (its
  // MessageException text): 431 or 400.
  static int statusForUnparseableHead(std::string_view what, std::string_view& message);

 private:
  void serve(ServerSession& session);
  // Writes a host-envelope error with Connection: close and drains what the client still sends.
  void answerAndClose(int status, std::string_view message);
  // The factory's stop, under its lock, so it must not block: with abortCurrent the socket is
  // shut at once; otherwise an idle connection's socket is shut and one serving a request ends
  // after it (serve sees stopped_).
  void stop(bool abortCurrent);
  friend class GuardedConnectionFactory;

  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  GuardedConnectionFactory& factory_;
  boost::intrusive::list_member_hook<> liveHook_;  // the factory's live list, under its lock
  ConnectionWatchdog& watchdog_;
  bool plainText_;
  std::atomic<bool> stopped_{false};
  // Held while a request is served: a graceful stop leaves the socket to the request then.
  Poco::FastMutex busy_;
};

}  // namespace apiary
