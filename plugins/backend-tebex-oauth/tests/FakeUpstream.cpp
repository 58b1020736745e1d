#include "FakeUpstream.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

namespace backend_tebex_oauth::testing {
namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(std::shared_ptr<std::atomic<int>> packages) : packages_(std::move(packages)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    const std::string uri = request.getURI();
    int status = 404;
    std::string answer;
    if (request.getMethod() == "GET" && uri == "/packages/store-1?extensionId=ext-1") {
      ++*packages_;
      status = 200;
      answer = R"([{"id":101,"name":"Supporter","total_price":4.99}])";
    } else if (request.getMethod() == "POST" && uri == "/api/oauth2/token") {
      const bool good =
          request.getContentType() == "application/x-www-form-urlencoded" &&
          body ==
              "client_id=cid&client_secret=csecret&grant_type=authorization_code&code=good-code"
              "&redirect_uri=https%3A%2F%2Fapi.example%2Fclient%2Foauth-callback";
      status = good ? 200 : 400;
      answer =
          good ? R"({"access_token":"tok","token_type":"Bearer"})" : R"({"error":"invalid_grant"})";
    } else if (request.getMethod() == "GET" && uri == "/api/users/@me") {
      const bool good = request.get("Authorization", "") == "Bearer tok";
      status = good ? 200 : 401;
      answer = good ? R"({"id":"555","username":"zed","avatar":"av1","global_name":"Zed & Co"})"
                    : R"({"message":"401: Unauthorized","code":0})";
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.sendBuffer(answer.data(), answer.size());
  }

 private:
  std::shared_ptr<std::atomic<int>> packages_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(std::shared_ptr<std::atomic<int>> packages) : packages_(std::move(packages)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(packages_);
  }

 private:
  std::shared_ptr<std::atomic<int>> packages_;
};

}  // namespace

FakeUpstream::FakeUpstream() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = socket.address().port();
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(packageRequests_), socket,
                                                    new Poco::Net::HTTPServerParams);
  server_->start();
}

FakeUpstream::~FakeUpstream() {
  server_->stopAll(true);
}

}  // namespace backend_tebex_oauth::testing
