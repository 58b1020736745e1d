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
  const std::string query = uri.find('?') == std::string::npos ? "" : uri.substr(uri.find('?') + 1);
  const bool verbose = query == "verbose";
  std::string body;
  if (request.getMethod() != "GET" && request.getMethod() != "HEAD") {
    response.setStatusAndReason(HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
    response.set("Allow", "GET, HEAD");
    response.setContentType("application/json");
    body = R"({"error":"Method not allowed"})";
  } else if (path == "/livez") {
    response.setContentType("text/plain; charset=utf-8");
    body = "ok\n";
  } else if (path == "/openapi.json") {
    // ?listener=NAME: that listener's API alone.
    const std::string only = query.rfind("listener=", 0) == 0 ? query.substr(9) : "";
    bool known = only.empty();
    for (const ListenerContext* l : context_.listeners) known = known || l->config().name == only;
    if (!known) {
      response.setStatusAndReason(HTTPResponse::HTTP_NOT_FOUND);
      response.setContentType("application/json");
      body = R"({"error":"No such listener"})";
    } else {
      response.setContentType("application/json");
      body = context_.openApi(only).dump(2);
    }
  } else if (path == "/metrics") {
    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    body = context_.metrics.render();
  } else if (path == "/readyz") {
    bool ready = context_.health.ready();
    body = context_.health.readyzJson();
    // Every database in use answers a trivial query, or the instance is not ready: behind a
    // load balancer, an instance that lost its PostgreSQL server should get no traffic.
    // The "databases" key appears once a database is open (plugins open theirs on first use).
    if (const auto probes = context_.storage != nullptr ? context_.storage->probe()
                                                        : std::vector<StorageRegistry::Probe>();
        !probes.empty()) {
      auto doc = nlohmann::ordered_json::parse(body);
      doc["databases"] = nlohmann::ordered_json::array();
      for (const auto& probe : probes) {
        doc["databases"].push_back({{"database", probe.name},
                                    {"backend", probe.backend},
                                    {"status", probe.error.empty() ? "ok" : "unavailable"}});
        if (!probe.error.empty()) {
          doc["databases"].back()["error"] = probe.error;
          ready = false;
          doc["status"] = "not ready";
        }
      }
      body = doc.dump();
    }
    response.setStatusAndReason(ready ? HTTPResponse::HTTP_OK
                                      : HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
    response.setContentType("application/json");
    if (verbose) {
      auto doc = nlohmann::ordered_json::parse(body);
      for (const auto& [name, port] : context_.servers.boundPorts()) {
        const ListenerSet::Counters c = context_.servers.counters(name);
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
