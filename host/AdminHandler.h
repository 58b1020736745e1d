// The admin listener's endpoints: /livez (the process answers) and /readyz (plugins started,
// optional plugins that are missing named in the body; with ?verbose also Poco's connection
// counters per listener) and /metrics (Prometheus text format).
#pragma once

#include "HealthState.h"
#include "ListenerSet.h"
#include "MetricsExporter.h"

#include <Poco/Net/HTTPRequestHandler.h>

namespace apiary {

class AdminHandler : public Poco::Net::HTTPRequestHandler {
 public:
  AdminHandler(const HealthState& health, const ListenerSet& listeners,
               const MetricsExporter& metrics)
      : health_(health), listeners_(listeners), metrics_(metrics) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override;

 private:
  const HealthState& health_;
  const ListenerSet& listeners_;
  const MetricsExporter& metrics_;
};

}  // namespace apiary
