#include "FakeKeyBackend.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

namespace spectra::testing {
namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  Handler(std::string token, std::shared_ptr<std::atomic<int>> requests)
      : token_(std::move(token)), requests_(std::move(requests)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    ++*requests_;
    const std::string uri = request.getURI();
    int status = 404;
    std::string body;
    const std::string validate = "/system/validateAccessKey/";
    if (uri.rfind(validate, 0) == 0) {
      const std::string key = uri.substr(validate.size());
      if (request.get("X-User-Token", "") != token_) {
        status = 401;
      } else if (key == "good-key") {
        status = 200;
        body = R"({"id":"org-7","name":"Backend Org"})";
      } else if (key == "expired-key") {
        status = 403;
      } else {
        status = 401;
      }
    } else if (uri == "/supporter/org-7") {
      status = 200;
      body = R"({"isSupporter":true})";
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.sendBuffer(body.data(), body.size());
  }

 private:
  std::string token_;
  std::shared_ptr<std::atomic<int>> requests_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(std::string token, std::shared_ptr<std::atomic<int>> requests)
      : token_(std::move(token)), requests_(std::move(requests)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(token_, requests_);
  }

 private:
  std::string token_;
  std::shared_ptr<std::atomic<int>> requests_;
};

}  // namespace

FakeKeyBackend::FakeKeyBackend(std::string token) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = socket.address().port();
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(std::move(token), requests_),
                                                    socket, new Poco::Net::HTTPServerParams);
  server_->start();
}

FakeKeyBackend::~FakeKeyBackend() {
  server_->stopAll(true);
}

}  // namespace spectra::testing
