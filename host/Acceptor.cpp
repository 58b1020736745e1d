#include "Acceptor.h"

#include <Poco/ErrorHandler.h>
#include <Poco/Exception.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <Poco/Net/TCPServerDispatcher.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace apiary {

namespace {
// How long a wait for connections lasts before the loop looks at stopped_ again (TCPServer's).
constexpr int kWaitMs = 250;
}  // namespace

Acceptor::Acceptor(Poco::Net::TCPServerConnectionFactory::Ptr factory, Poco::ThreadPool& pool,
                   const Poco::Net::ServerSocket& socket, Poco::Net::TCPServerParams::Ptr params,
                   bool plainText)
    : socket_(socket),
      dispatcher_(new Poco::Net::TCPServerDispatcher(std::move(factory), pool, std::move(params))),
      plainText_(plainText) {
  if (plainText_) {
    // Non-blocking, so that the loop can take every pending connection and learn from EAGAIN that
    // none is left. Accepted sockets do not inherit the flag (accept4 without SOCK_NONBLOCK).
    const int fd = socket_.impl()->sockfd();
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
}

Acceptor::~Acceptor() {
  try {
    stop();
  } catch (...) {  // a destructor must not throw
  }
  dispatcher_->release();
}

void Acceptor::start() {
  stopped_ = false;
  thread_ = std::thread([this] { run(); });
}

void Acceptor::stop() {
  if (stopped_.exchange(true)) return;
  if (thread_.joinable()) thread_.join();
  dispatcher_->stop();
}

void Acceptor::run() {
  pollfd listening{socket_.impl()->sockfd(), POLLIN, 0};
  while (!stopped_) {
    listening.revents = 0;
    const int ready = ::poll(&listening, 1, kWaitMs);
    if (ready <= 0 || stopped_) continue;  // timeout or EINTR: look at stopped_ again
    try {
      if (plainText_)
        acceptPlain();
      else
        acceptTls();
    } catch (const Poco::Exception& e) {
      Poco::ErrorHandler::handle(e);
    } catch (const std::exception& e) {
      Poco::ErrorHandler::handle(e);
    } catch (...) {
      Poco::ErrorHandler::handle();
    }
  }
}

void Acceptor::acceptPlain() {
  const int listening = socket_.impl()->sockfd();
  while (!stopped_) {
    const int fd = ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;  // backlog empty: wait again
      // Out of descriptors or memory: as TCPServer, report and pause instead of spinning.
      const int error = errno;
      Poco::ErrorHandler::handle(Poco::IOException("accept failed", std::strerror(error)));
      ::usleep(50000);
      return;
    }
    const int on = 1;  // as TCPServer: small answers go out at once
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    dispatcher_->enqueue(Poco::Net::StreamSocket(new Poco::Net::StreamSocketImpl(fd)));
  }
}

void Acceptor::acceptTls() {
  Poco::Net::StreamSocket connection = socket_.acceptConnection();
  connection.setNoDelay(true);
  dispatcher_->enqueue(connection);
}

int Acceptor::currentThreads() const {
  return dispatcher_->currentThreads();
}
int Acceptor::currentConnections() const {
  return dispatcher_->currentConnections();
}
int Acceptor::queuedConnections() const {
  return dispatcher_->queuedConnections();
}
int Acceptor::refusedConnections() const {
  return dispatcher_->refusedConnections();
}
int Acceptor::maxConcurrentConnections() const {
  return dispatcher_->maxConcurrentConnections();
}
int Acceptor::totalConnections() const {
  return dispatcher_->totalConnections();
}

}  // namespace apiary
