#include "AdminHandler.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

namespace apiary {

void AdminHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                 Poco::Net::HTTPServerResponse& response) {
  using Poco::Net::HTTPResponse;
  const std::string path = request.getURI().substr(0, request.getURI().find('?'));
  std::string body;
  if (request.getMethod() != "GET" && request.getMethod() != "HEAD") {
    response.setStatusAndReason(HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
    response.set("Allow", "GET, HEAD");
    response.setContentType("application/json");
    body = R"({"error":"Method not allowed"})";
  } else if (path == "/livez") {
    response.setContentType("text/plain; charset=utf-8");
    body = "ok\n";
  } else if (path == "/readyz") {
    response.setStatusAndReason(health_.ready() ? HTTPResponse::HTTP_OK
                                                : HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
    response.setContentType("application/json");
    body = health_.readyzJson();
  } else {
    response.setStatusAndReason(HTTPResponse::HTTP_NOT_FOUND);
    response.setContentType("application/json");
    body = R"({"error":"Not found"})";
  }
  response.sendBuffer(body.data(), body.size());
}

}  // namespace apiary
