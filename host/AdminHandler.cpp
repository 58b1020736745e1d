#include "AdminHandler.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <nlohmann/json.hpp>

namespace apiary {

void AdminHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                 Poco::Net::HTTPServerResponse& response) {
  using Poco::Net::HTTPResponse;
  const std::string& uri = request.getURI();
  const std::string path = uri.substr(0, uri.find('?'));
  const bool verbose = uri.find("?verbose") != std::string::npos;
  std::string body;
  if (request.getMethod() != "GET" && request.getMethod() != "HEAD") {
    response.setStatusAndReason(HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
    response.set("Allow", "GET, HEAD");
    response.setContentType("application/json");
    body = R"({"error":"Method not allowed"})";
  } else if (path == "/livez") {
    response.setContentType("text/plain; charset=utf-8");
    body = "ok\n";
  } else if (path == "/metrics") {
    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    body = metrics_.render();
  } else if (path == "/readyz") {
    response.setStatusAndReason(health_.ready() ? HTTPResponse::HTTP_OK
                                                : HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
    response.setContentType("application/json");
    body = health_.readyzJson();
    if (verbose) {
      auto doc = nlohmann::ordered_json::parse(body);
      for (const auto& [name, port] : listeners_.boundPorts()) {
        const ListenerSet::Counters c = listeners_.counters(name);
        doc["listeners"][name] = {{"port", port},
                                  {"current_threads", c.currentThreads},
                                  {"current_connections", c.currentConnections},
                                  {"queued_connections", c.queuedConnections},
                                  {"refused_connections", c.refusedConnections},
                                  {"max_concurrent_connections", c.maxConcurrentConnections},
                                  {"total_connections", c.totalConnections}};
      }
      body = doc.dump();
    }
  } else {
    response.setStatusAndReason(HTTPResponse::HTTP_NOT_FOUND);
    response.setContentType("application/json");
    body = R"({"error":"Not found"})";
  }
  response.sendBuffer(body.data(), body.size());
}

}  // namespace apiary
