// Creates an AdminHandler for each request on the admin listener.
#pragma once

#include "AdminHandler.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace apiary {

class AdminHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit AdminHandlerFactory(const HealthState& health) : health_(health) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new AdminHandler(health_);
  }

 private:
  const HealthState& health_;
};

}  // namespace apiary
