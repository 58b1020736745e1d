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
  return new GuardedConnection(socket, params_, handlers_, *this, watchdog_, plainText_);
}

void GuardedConnectionFactory::stopConnections(bool abortCurrent) {
  const std::lock_guard lock(mutex_);
  stopping_ = true;
  for (GuardedConnection& c : live_) c.stop(abortCurrent);
}

bool GuardedConnectionFactory::join(GuardedConnection& connection) {
  const std::lock_guard lock(mutex_);
  live_.push_front(connection);
  return !stopping_;
}

void GuardedConnectionFactory::leave(GuardedConnection& connection) {
  const std::lock_guard lock(mutex_);
  live_.erase(live_.iterator_to(connection));
}

}  // namespace apiary
