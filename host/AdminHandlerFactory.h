// Creates an AdminHandler for each request on the admin listener.
#pragma once

#include "AdminHandler.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace apiary {

class AdminHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit AdminHandlerFactory(const AdminContext& context) : context_(context) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new AdminHandler(context_);
  }

 private:
  const AdminContext& context_;
};

}  // namespace apiary
