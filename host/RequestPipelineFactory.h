// Creates a RequestPipeline for each request on one listener (Poco's handler-per-request model).
#pragma once

#include "RequestPipeline.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace apiary {

class RequestPipelineFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit RequestPipelineFactory(const ListenerContext& listener) : listener_(listener) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new RequestPipeline(listener_);
  }

 private:
  const ListenerContext& listener_;
};

}  // namespace apiary
