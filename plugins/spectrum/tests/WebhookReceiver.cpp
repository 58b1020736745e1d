#include "WebhookReceiver.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>

namespace spectrum::test {
namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(std::shared_ptr<WebhookReceiver::State> state) : state_(std::move(state)) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    ReceivedRequest r;
    r.method = request.getMethod();
    r.uri = request.getURI();
    for (const auto& [name, value] : request) {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[lower] = value;
    }
    Poco::StreamCopier::copyToString(request.stream(), r.body);
    int status = 200;
    {
      std::lock_guard lock(state_->mutex);
      if (!state_->statuses.empty()) {
        status = state_->statuses.front();
        state_->statuses.pop_front();
      }
      state_->requests.push_back(std::move(r));
    }
    state_->arrived.notify_all();
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentLength(2);
    response.send() << "ok";
  }

 private:
  std::shared_ptr<WebhookReceiver::State> state_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(std::shared_ptr<WebhookReceiver::State> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(state_);
  }

 private:
  std::shared_ptr<WebhookReceiver::State> state_;
};

}  // namespace

WebhookReceiver::WebhookReceiver() : state_(std::make_shared<State>()) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = socket.address().port();
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(state_), socket,
                                                    new Poco::Net::HTTPServerParams);
  server_->start();
}

WebhookReceiver::~WebhookReceiver() {
  server_->stopAll(true);
}

void WebhookReceiver::respondWith(std::vector<int> statuses) {
  std::lock_guard lock(state_->mutex);
  state_->statuses.assign(statuses.begin(), statuses.end());
}

bool WebhookReceiver::waitFor(size_t count, int timeoutMs) {
  std::unique_lock lock(state_->mutex);
  return state_->arrived.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                  [&] { return state_->requests.size() >= count; });
}

std::vector<ReceivedRequest> WebhookReceiver::received() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

}  // namespace spectrum::test
