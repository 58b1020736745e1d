#include "GuardedConnectionFactory.h"

#include "GuardedConnection.h"

namespace apiary {

GuardedConnectionFactory::GuardedConnectionFactory(
    Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
    ConnectionWatchdog& watchdog, bool plainText)
    : params_(std::move(params)),
      handlers_(std::move(handlers)),
      watchdog_(watchdog),
      plainText_(plainText) {}

Poco::Net::TCPServerConnection* GuardedConnectionFactory::createConnection(
    const Poco::Net::StreamSocket& socket) {
  return new GuardedConnection(socket, params_, handlers_, stopping_, watchdog_, plainText_);
}

void GuardedConnectionFactory::stopConnections(bool abortCurrent) {
  stopping_.notify(this, abortCurrent);
}

}  // namespace apiary
