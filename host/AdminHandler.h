// The admin listener's endpoints: /livez (the process answers) and /readyz (plugins started,
// optional plugins that are missing named in the body; with ?verbose also Poco's connection
// counters per listener), /metrics (Prometheus text format) and /openapi.json (?listener=X for
// one listener's API).
#pragma once

#include "AdminContext.h"

#include <Poco/Net/HTTPRequestHandler.h>

namespace apiary {

class AdminHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit AdminHandler(const AdminContext& context) : context_(context) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override;

 private:
  const AdminContext& context_;
};

}  // namespace apiary
