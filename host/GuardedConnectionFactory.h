// Poco's HTTPServerConnectionFactory with the connection watchdog around it: every connection is
// registered with the listener's ConnectionWatchdog while a worker serves it, and the phases of
// each request (headers read, response sent) are reported to it. ListenerSet runs a plain
// TCPServer with this factory instead of an HTTPServer, which cannot take another factory.
#pragma once

#include "ConnectionWatchdog.h"

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
  class PhaseReporter;  // the request handler factory the connections see
  Poco::Net::HTTPServerParams::Ptr params_;
  // Poco::SharedPtr converts through a raw pointer into a second, separate count: hold the
  // reporter in exactly the pointer type the connections take, plus a typed alias.
  PhaseReporter* reporter_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr reporterPtr_;
  ConnectionWatchdog& watchdog_;
  bool plainText_;
};

}  // namespace apiary
