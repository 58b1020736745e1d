// Creates an AdminHandler for each request on the admin listener.
#pragma once

#include "AdminHandler.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace apiary {

class AdminHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  AdminHandlerFactory(const HealthState& health, const ListenerSet& listeners,
                      const MetricsExporter& metrics)
      : health_(health), listeners_(listeners), metrics_(metrics) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new AdminHandler(health_, listeners_, metrics_);
  }

 private:
  const HealthState& health_;
  const ListenerSet& listeners_;
  const MetricsExporter& metrics_;
};

}  // namespace apiary
