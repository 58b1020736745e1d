// The admin listener's endpoints: /livez (the process answers) and /readyz (plugins started,
// optional plugins that are missing named in the body).
#pragma once

#include "HealthState.h"

#include <Poco/Net/HTTPRequestHandler.h>

namespace apiary {

class AdminHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit AdminHandler(const HealthState& health) : health_(health) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override;

 private:
  const HealthState& health_;
};

}  // namespace apiary
