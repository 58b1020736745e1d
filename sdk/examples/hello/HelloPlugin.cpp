#include "HelloPlugin.hpp"

namespace {
constexpr size_t kMaxNameLength = 64;
}

void HelloPlugin::configure(const apiary::ConfigReader& config) {
  greeting_ = config.string("greeting", greeting_);
  if (greeting_.empty()) config.fail("greeting", "must not be empty");
}

void HelloPlugin::routes(apiary::Router& router) {
  // Handlers run on many threads at once; greet only reads greeting_, set before serving.
  router.get("/hello/{name}", [this](const apiary::Request& r) { return greet(r); },
             "Greets {name}");
}

apiary::Response HelloPlugin::greet(const apiary::Request& request) const {
  const std::string_view name = request.param("name").value_or("");
  if (name.size() > kMaxNameLength)
    throw apiary::HttpError(400, "name must be at most 64 characters");
  nlohmann::json body{{"message", greeting_ + ", " + std::string(name) + "!"}};
  return apiary::Response::json(200, body.dump());
}

APIARY_PLUGIN(HelloPlugin)
