// Handles one request through the fixed phases of DESIGN.md: limits -> request id -> CORS ->
// route match -> authenticate and authorize (AuthGate) -> 404/405 or handler -> default headers
// -> access log. Host-made errors are
// rendered by the owning plugin's error formatter.
#pragma once

#include "ListenerContext.h"

#include <Poco/Net/HTTPRequestHandler.h>

namespace apiary {

class HostRequest;
class HostResponse;

class RequestPipeline : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RequestPipeline(const ListenerContext& listener) : listener_(listener) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override;

  // Renders a host-made error through the mount's plugin (or the host's {"error": ...}).
  // code: the stable reason the plugin's formatter can read (request_error_code).
  static void renderError(const Mount* mount, int status, const char* code,
                          const std::string& message, HostRequest& request, HostResponse& response);

 private:
  // Reads the body up to limit; returns 0 or the error status (400, 408, 413).
  int readBody(Poco::Net::HTTPServerRequest& in, int64_t limit, std::string& body,
               std::string& why);
  int readBodyWithinBudget(Poco::Net::HTTPServerRequest& in, int64_t limit, std::string& body,
                           std::string& why);
  void finish(const Mount* mount, const HostRequest& request, HostResponse& response);
  // The authenticate and authorize phases; false when the request was refused (response set).
  static bool authorized(const RouteTable& table, const Mount* mount, const MountedRoute* route,
                         HostRequest& request, HostResponse& response);

  const ListenerContext& listener_;
};

}  // namespace apiary
