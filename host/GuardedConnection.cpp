#include "GuardedConnection.h"

#include "GuardedConnectionFactory.h"
#include "HttpDate.h"
#include "RequestScreen.h"
#include "ServerSession.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/NetException.h>

#include <chrono>
#include <memory>
#include <optional>

namespace apiary {

namespace {

// What Poco's sendErrorResponse sends when no handler exists or one threw before answering.
void sendBareError(Poco::Net::HTTPServerSession& session,
                   Poco::Net::HTTPResponse::HTTPStatus status) {
  Poco::Net::HTTPServerResponseImpl response(session);
  response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
  response.setStatusAndReason(status);
  response.setKeepAlive(false);
  response.send();
  session.setKeepAlive(false);
}

}  // namespace

GuardedConnection::GuardedConnection(const Poco::Net::StreamSocket& socket,
                                     Poco::Net::HTTPServerParams::Ptr params,
                                     Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                                     GuardedConnectionFactory& factory,
                                     ConnectionWatchdog& watchdog, bool plainText)
    : TCPServerConnection(socket),
      params_(std::move(params)),
      handlers_(std::move(handlers)),
      factory_(factory),
      watchdog_(watchdog),
      plainText_(plainText) {
  if (!factory_.join(*this)) stopped_ = true;
}

GuardedConnection::~GuardedConnection() {
  factory_.leave(*this);
}

void GuardedConnection::run() {
  ServerSession session(socket(), params_, plainText_);
  // Declared after the session: it ends before the session's destructor closes the socket, as
  // the watchdog requires (it acts on this descriptor, not on a duplicate).
  const ConnectionWatchdog::Registration registration(watchdog_, socket().impl()->sockfd(),
                                                      plainText_);
  serve(session);
}

void GuardedConnection::serve(ServerSession& session) {
  using Poco::Net::HTTPResponse;
  while (!stopped_ && session.awaitRequest()) {
    const Poco::FastMutex::ScopedLock lock(busy_);
    if (stopped_) return;
    Poco::Net::HTTPServerResponseImpl response(session);
    std::optional<Poco::Net::HTTPServerRequestImpl> request;
    try {
      request.emplace(response, session, params_.get());  // reads the request head
    } catch (const Poco::Net::NoMessageException&) {
      return;  // the client closed (or went quiet) between requests
    } catch (const Poco::Net::MessageException& e) {
      std::string_view message;
      const int status = statusForUnparseableHead(e.message(), message);
      answerAndClose(status, message);
      return;
    } catch (const Poco::SyntaxException&) {
      // A Content-Length that is not a number: Poco parses it while setting up the body stream,
      // outside its MessageException family (its own loop dropped the connection unanswered).
      answerAndClose(400, "Malformed request");
      return;
    }
    // Poco 1.11 takes any word up to 8 bytes as the version ("GET /x\r\nHost: y" reads
    // "Host:") and would echo it in the status line.
    const std::string& version = request->getVersion();
    if (version != Poco::Net::HTTPMessage::HTTP_1_1 &&
        version != Poco::Net::HTTPMessage::HTTP_1_0) {
      if (version.rfind("HTTP/", 0) == 0)
        answerAndClose(505, "HTTP version not supported");
      else
        answerAndClose(400, "Malformed request");
      return;
    }
    // The pipeline's own test for a body (RequestScreen): the budget starts when it will read one.
    ConnectionWatchdog::headersRead(RequestScreen::announcesBody(*request));

    response.set("Date", HttpDate::now());
    response.setVersion(version);
    response.setKeepAlive(params_->getKeepAlive() && request->getKeepAlive() &&
                          session.mayKeepAlive());
    const std::string& server = params_->getSoftwareVersion();
    if (!server.empty()) response.set("Server", server);
    try {
      const std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(
          handlers_->createRequestHandler(*request));
      if (!handler) {
        sendBareError(session, HTTPResponse::HTTP_NOT_IMPLEMENTED);
        return;
      }
      if (request->getExpectContinue() && response.getStatus() == HTTPResponse::HTTP_OK)
        response.sendContinue();
      handler->handleRequest(*request, response);
      session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive() &&
                           session.mayKeepAlive());
    } catch (...) {
      // As Poco: a 500 if nothing was sent yet, then the connection ends and
      // TCPServerConnection::start reports what was thrown to Poco's ErrorHandler. (The request
      // pipeline catches everything it calls; this is for failures of Poco's own streams.)
      if (!response.sent()) {
        try {
          sendBareError(session, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
        } catch (...) {
        }
      }
      throw;
    }
    ConnectionWatchdog::responseSent();
  }
}

int GuardedConnection::statusForUnparseableHead(std::string_view what, std::string_view& message) {
  // Poco 1.11's texts (MessageHeader::read, HTTPRequest::read). A header line without a colon is
  // skipped, so "Field name too long/no colon found" means a name over 256 bytes; the value and
  // folded-value ones mean over 8 KiB. "HTTP request URI invalid or too long" is thrown both for
  // a target over 16 KiB and for a request line that ends before its target ("GARBAGE\r\n\r\n")
  // and the two cannot be told apart afterwards: 400 (targets between the listener's
  // max_url_bytes and 16 KiB get their 414 from the request pipeline).
  if (what == "Too many header fields" || what.rfind("Field name too long", 0) == 0 ||
      what.rfind("Field value too long", 0) == 0 ||
      what.rfind("Folded field value too long", 0) == 0) {
    message = "Request header fields too large";
    return 431;
  }
  message = "Malformed request";
  return 400;
}

void GuardedConnection::answerAndClose(int status, std::string_view message) {
  const std::string body = "{\"error\":\"" + std::string(message) + "\"}";
  const std::string reason = Poco::Net::HTTPResponse::getReasonForStatus(
      static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  const std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                           "\r\nDate: " + HttpDate::now() +
                           "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  try {
    const std::string whole = head + body;
    socket().sendBytes(whole.data(), static_cast<int>(whole.size()));
    // The client may still be sending the rest of its request. Closing with unread bytes makes
    // the kernel answer with a reset, which can destroy the response before the client reads
    // it: stop sending, then read and drop what arrives, bounded in bytes and time.
    socket().shutdownSend();
    socket().setReceiveTimeout(Poco::Timespan(0, 200000));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    char scratch[8192];
    size_t drained = 0;
    while (drained < (1u << 20) && std::chrono::steady_clock::now() < deadline) {
      const int n = socket().receiveBytes(scratch, sizeof scratch);
      if (n <= 0) break;
      drained += static_cast<size_t>(n);
    }
  } catch (const Poco::Exception&) {
    // The client is gone or too slow to drain: nothing more to tell it.
  }
}

void GuardedConnection::stop(bool abortCurrent) {
  stopped_ = true;
  // Idle between requests (busy_ free): end the wait for the next one. Serving a request: leave
  // it be unless aborting; serve() sees stopped_ after answering it.
  const bool idle = !abortCurrent && busy_.tryLock();
  if (abortCurrent || idle) {
    try {
      socket().shutdown();
    } catch (...) {  // already closed by the client
    }
  }
  if (idle) busy_.unlock();
}

}  // namespace apiary
