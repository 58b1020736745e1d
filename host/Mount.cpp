#include "Mount.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <nlohmann/json.hpp>

namespace apiary {
namespace {

bool validMethod(std::string_view m) {
  if (m.empty() || m.size() > 32) return false;
  for (char c : m)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

std::string_view view(apiary_str s) {
  return s.data == nullptr ? std::string_view{} : std::string_view{s.data, s.size};
}

}  // namespace

Mount::Mount(PluginInstance* owner, std::string listener, std::string prefix, int64_t maxBodyBytes)
    : owner_(owner),
      listener_(std::move(listener)),
      prefix_(std::move(prefix)),
      maxBodyBytes_(maxBodyBytes) {}

bool Mount::addRoute(const apiary_route_def& def, std::string* error) {
  MountedRoute route;
  route.method = std::string(view(def.method));
  route.pattern = std::string(view(def.pattern));
  route.summary = std::string(view(def.summary));
  route.handler = def.handler;
  route.user = def.user;
  if (!validMethod(route.method)) {
    *error = "invalid method '" + route.method + "'";
    return false;
  }
  if (route.handler == nullptr) {
    *error = "route " + route.method + " " + route.pattern + " has no handler";
    return false;
  }
  std::string why;
  if (!RoutePattern::parse(route.pattern, false, &why)) {
    *error = "invalid pattern '" + route.pattern + "': " + why;
    return false;
  }
  // 1.3 field: read only when the plugin's struct has it.
  if (def.struct_size >= offsetof(apiary_route_def, policy) + sizeof(void*) &&
      def.policy != nullptr) {
    if (def.policy->struct_size < sizeof(apiary_policy)) {
      *error = "route " + route.method + " " + route.pattern + ": policy struct too small";
      return false;
    }
    route.policies.push_back(accessPolicyFromAbi(*def.policy));
  }
  if (def.struct_size >= APIARY_ROUTE_DEF_MIN_SIZE_1_5 && def.websocket != nullptr) {
    if (def.websocket->struct_size < APIARY_WEBSOCKET_HANDLERS_MIN_SIZE_1_5 ||
        def.websocket->on_close == nullptr || route.method != "GET") {
      *error = "route " + route.method + " " + route.pattern +
               ": WebSocket routes need GET, a complete handler table and on_close";
      return false;
    }
    apiary_websocket_handlers handlers{};
    std::memcpy(&handlers, def.websocket,
                std::min<size_t>(sizeof handlers, def.websocket->struct_size));
    handlers.struct_size = sizeof handlers;
    route.websocket = handlers;
  }
  if (def.struct_size >= offsetof(apiary_route_def, response_schema) + sizeof(apiary_str)) {
    route.requestSchema = std::string(view(def.request_schema));
    route.responseSchema = std::string(view(def.response_schema));
    for (const std::string* schema : {&route.requestSchema, &route.responseSchema})
      if (!schema->empty() && !nlohmann::json::accept(*schema)) {
        *error = "route " + route.method + " " + route.pattern + ": a schema is not valid JSON";
        return false;
      }
  }
  routes_.push_back(std::move(route));
  return true;
}

bool Mount::addRoutePolicy(const RoutePolicy& p) {
  bool found = false;
  for (auto& r : routes_)
    if (r.method == p.method && r.pattern == p.pattern) {
      r.policies.push_back(p.policy);
      found = true;
    }
  return found;
}

std::vector<std::string> Mount::providersNamed() const {
  std::vector<std::string> names;
  auto add = [&](const AccessPolicy& p) {
    for (const auto& n : p.providers) names.push_back(n);
  };
  for (const auto& r : routes_)
    for (const auto& p : r.policies) add(p);
  for (const auto& p : prefixPolicies_) add(p.policy);
  return names;
}

bool Mount::freeze(std::string* error) {
  for (auto& r : routes_) {
    // The mount's root route "/" is the prefix itself ("/api"), not "/api/".
    const std::string full = (!prefix_.empty() && r.pattern == "/") ? prefix_ : prefix_ + r.pattern;
    auto compiled = RoutePattern::parse(full, optionalTrailingSlash(), error);
    if (!compiled) return false;
    r.compiled = std::move(*compiled);
  }
  return true;
}

bool Mount::contains(std::string_view path, std::string_view& rest) const {
  if (prefix_.empty()) {
    rest = path;
    return true;
  }
  if (path.size() < prefix_.size() ||
      !RoutePattern::equals(path.substr(0, prefix_.size()), prefix_, caseInsensitive()))
    return false;
  rest = path.substr(prefix_.size());
  if (rest.empty()) {
    rest = "/";
    return true;
  }
  return rest.front() == '/';
}

}  // namespace apiary
