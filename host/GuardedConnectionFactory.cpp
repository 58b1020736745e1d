#include "GuardedConnectionFactory.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <memory>

namespace apiary {

// Wraps the listener's handler factory: creating a handler means the headers are in; a handler
// returning means the response went out and the connection waits for the next request.
class GuardedConnectionFactory::PhaseReporter : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit PhaseReporter(Poco::Net::HTTPRequestHandlerFactory::Ptr inner)
      : inner_(std::move(inner)) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& request) override {
    const bool expectBody = request.getChunkedTransferEncoding() ||
                            (request.hasContentLength() && request.getContentLength64() > 0);
    ConnectionWatchdog::headersRead(expectBody);
    Poco::Net::HTTPRequestHandler* handler = inner_->createRequestHandler(request);
    return handler == nullptr ? nullptr : new Reported(handler);
  }

  void stop(bool abortCurrent) { serverStopped(this, abortCurrent); }

 private:
  class Reported : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Reported(Poco::Net::HTTPRequestHandler* inner) : inner_(inner) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
      inner_->handleRequest(request, response);
      ConnectionWatchdog::responseSent();
    }

   private:
    std::unique_ptr<Poco::Net::HTTPRequestHandler> inner_;
  };

  Poco::Net::HTTPRequestHandlerFactory::Ptr inner_;
};

namespace {

class GuardedConnection : public Poco::Net::HTTPServerConnection {
 public:
  GuardedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                    ConnectionWatchdog& watchdog, bool plainText)
      : HTTPServerConnection(socket, std::move(params), std::move(handlers)),
        watchdog_(watchdog),
        plainText_(plainText) {}

  void run() override {
    const ConnectionWatchdog::Registration registration(watchdog_, socket().impl()->sockfd(),
                                                        plainText_);
    HTTPServerConnection::run();
  }

 private:
  ConnectionWatchdog& watchdog_;
  bool plainText_;
};

}  // namespace

GuardedConnectionFactory::GuardedConnectionFactory(
    Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
    ConnectionWatchdog& watchdog, bool plainText)
    : params_(std::move(params)),
      reporter_(new PhaseReporter(std::move(handlers))),
      reporterPtr_(reporter_),
      watchdog_(watchdog),
      plainText_(plainText) {}

Poco::Net::TCPServerConnection* GuardedConnectionFactory::createConnection(
    const Poco::Net::StreamSocket& socket) {
  return new GuardedConnection(socket, params_, reporterPtr_, watchdog_, plainText_);
}

void GuardedConnectionFactory::stopConnections(bool abortCurrent) {
  reporter_->stop(abortCurrent);
}

}  // namespace apiary
