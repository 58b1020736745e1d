#include "FakeDiscord.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

namespace spellbot::test {
namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakeDiscord& owner) : owner_(owner) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    DiscordCall call;
    call.method = request.getMethod();
    call.uri = request.getURI();
    call.authorization = request.get("Authorization", "");
    Poco::StreamCopier::copyToString(request.stream(), call.body);
    std::string body;
    const int status = owner_.handle(call, body);
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
  }

 private:
  FakeDiscord& owner_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(FakeDiscord& owner) : owner_(owner) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(owner_);
  }

 private:
  FakeDiscord& owner_;
};

}  // namespace

FakeDiscord::FakeDiscord() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket,
                                                    new Poco::Net::HTTPServerParams);
  server_->start();
}

FakeDiscord::~FakeDiscord() { server_->stopAll(true); }

int FakeDiscord::port() const { return server_->socket().address().port(); }

std::vector<DiscordCall> FakeDiscord::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

int FakeDiscord::handle(const DiscordCall& call, std::string& body) {
  {
    std::lock_guard lock(mutex_);
    calls_.push_back(call);
  }
  if (const int status = failStatus_; status != 0) {
    body = R"({"message": "failure"})";
    return status;
  }
  if (call.method == "POST" && call.uri == "/api/users/@me/channels") {
    body = R"({"id": "5550001", "type": 1})";
    return 200;
  }
  if (call.method == "POST" && call.uri == "/api/channels/5550001/messages") {
    body = R"({"id": "1"})";
    return 200;
  }
  if (call.method == "GET" && call.uri.rfind("/api/v10/guilds/", 0) == 0) {
    body = R"({"id": "1", "icon": "abc"})";
    return 200;
  }
  body = R"({"message": "404: Not Found"})";
  return 404;
}

}  // namespace spellbot::test
