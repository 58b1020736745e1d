// The listener's connection factory: every connection is a GuardedConnection (Poco's HTTP/1.x
// loop with the connection watchdog, host-envelope answers to unparseable request heads and a
// cached Date header). ListenerSet runs an Acceptor (its own accept loop) with this factory instead
// of an HTTPServer, which cannot take another factory.
#pragma once

#include "ConnectionWatchdog.h"

#include <Poco/BasicEvent.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

namespace apiary {

class GuardedConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  GuardedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                           Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                           ConnectionWatchdog& watchdog, bool plainText);

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

  // What HTTPServer::stopAll does after stop(): tells every connection to finish its current
  // request (or abort it) and close.
  void stopConnections(bool abortCurrent);

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  Poco::BasicEvent<const bool> stopping_;  // every live connection listens
  ConnectionWatchdog& watchdog_;
  bool plainText_;
};

}  // namespace apiary
