// The listener's connection factory: every connection is a GuardedConnection (Poco's HTTP/1.x
// loop with the connection watchdog, host-envelope answers to unparseable request heads and a
// cached Date header). ListenerSet runs an Acceptor (its own accept loop) with this factory instead
// of an HTTPServer, which cannot take another factory.
#pragma once

#include "ConnectionWatchdog.h"
#include "GuardedConnection.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <boost/intrusive/list.hpp>

#include <mutex>

namespace apiary {

class GuardedConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  GuardedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                           Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                           ConnectionWatchdog& watchdog, bool plainText);

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

  // What HTTPServer::stopAll does after stop(): tells every connection to finish its current
  // request (or abort it) and close. Does not wait for requests in flight (the pool's joinAll
  // does); a connection made after this call starts stopped.
  void stopConnections(bool abortCurrent);

  // Each GuardedConnection joins the live list in its constructor and leaves in its destructor;
  // join returns false when the listener is stopping.
  bool join(GuardedConnection& connection);
  void leave(GuardedConnection& connection);

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  // The live connections, an intrusive list: joining and leaving cost no allocation and O(1)
  // under one short lock (Poco's BasicEvent, which HTTPServer uses, allocates a delegate per
  // connection and removes it with a linear scan of every live one).
  std::mutex mutex_;
  boost::intrusive::list<
      GuardedConnection,
      boost::intrusive::member_hook<GuardedConnection, boost::intrusive::list_member_hook<>,
                                    &GuardedConnection::liveHook_>,
      boost::intrusive::constant_time_size<false>>
      live_;
  bool stopping_ = false;
  ConnectionWatchdog& watchdog_;
  bool plainText_;
};

}  // namespace apiary
