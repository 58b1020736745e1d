// The accept loop of one listener, in place of Poco::Net::TCPServer; connections go to Poco's
// TCPServerDispatcher unchanged (the listener's pool, max_queued, refusals, the counters).
// Poco 1.11's loop pays, for every connection and on the one thread that accepts them all, a
// Socket::poll (an epoll instance per call: epoll_create, epoll_ctl, epoll_wait, close) and a
// getsockname to learn the address family before setting TCP_NODELAY: seven system calls where
// two do. This loop takes connections from a non-blocking listening socket until the backlog is
// empty (one accept4 each) and only then waits, with poll(2). TLS listeners accept through
// Poco's SecureServerSocket (it wraps the socket in an SSL session), after the same poll(2).
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <thread>

namespace Poco::Net {
class TCPServerDispatcher;
}  // namespace Poco::Net

namespace apiary {

class Acceptor {
 public:
  Acceptor(Poco::Net::TCPServerConnectionFactory::Ptr factory, Poco::ThreadPool& pool,
           const Poco::Net::ServerSocket& socket, Poco::Net::TCPServerParams::Ptr params,
           bool plainText);
  ~Acceptor();  // stop()
  Acceptor(const Acceptor&) = delete;
  Acceptor& operator=(const Acceptor&) = delete;

  void start();
  // As TCPServer::stop: no new connections (within the 250 ms wait), then the dispatcher stops
  // handing queued ones out. Connections being served are the factory's to end.
  void stop();

  // The dispatcher's counters, as TCPServer reports them.
  int currentThreads() const;
  int currentConnections() const;
  int queuedConnections() const;
  int refusedConnections() const;
  int maxConcurrentConnections() const;
  int totalConnections() const;

 private:
  void run();
  void acceptPlain();  // drains the backlog with accept4
  void acceptTls();    // one connection through the SecureServerSocket

  Poco::Net::ServerSocket socket_;
  Poco::Net::TCPServerDispatcher* dispatcher_;  // reference-counted: its runnables hold it too
  bool plainText_;
  std::atomic<bool> stopped_{true};
  std::thread thread_;
};

}  // namespace apiary
