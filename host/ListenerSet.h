// The HTTP(S) servers of the host: one per listener (an Acceptor feeding GuardedConnections
// through Poco's dispatcher), each with its own thread pool, socket and TLS context. Sockets are
// bound in add() so that port 0 resolves and bind errors surface before the host reports ready.
#pragma once

#include "Acceptor.h"
#include "ConnectionWatchdog.h"
#include "GuardedConnectionFactory.h"
#include "HostConfig.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace Poco {
class ThreadPool;
}  // namespace Poco

namespace apiary {

class ListenerSet {
 public:
  struct Counters {
    int currentThreads = 0;
    int currentConnections = 0;
    int queuedConnections = 0;
    int refusedConnections = 0;
    int maxConcurrentConnections = 0;
    int totalConnections = 0;
  };

  ListenerSet();
  ~ListenerSet();

  // Throws std::runtime_error naming the listener and the reason (bind, TLS files).
  void add(const ListenerConfig& config, Poco::Net::HTTPRequestHandlerFactory::Ptr factory);
  void startAll();
  // Stops accepting and lets in-flight requests finish (bounded by the listeners' timeouts);
  // grace bounds the wait for worker threads to return to their pools.
  void stopAll(std::chrono::milliseconds grace);

  std::map<std::string, int> boundPorts() const;
  Counters counters(const std::string& name) const;

 private:
  struct Entry {
    std::string name;
    int port = 0;
    bool tls = false;
    // Destroyed bottom-up: the server (and its connections) before what they use.
    std::unique_ptr<ConnectionWatchdog> watchdog;
    GuardedConnectionFactory* connections = nullptr;  // owned by server
    std::unique_ptr<Poco::ThreadPool> pool;
    std::unique_ptr<Acceptor> server;
  };
  std::vector<Entry> entries_;
};

}  // namespace apiary
