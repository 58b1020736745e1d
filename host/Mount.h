// One plugin instance mounted on a listener: its prefix, matching options, CORS policy, default
// headers and routes. Filled through the ABI's router_* calls during register_routes, then
// frozen and only read (concurrently) while serving.
#pragma once

#include "AccessPolicy.h"
#include "RouteStats.h"

#include <apiary/abi.h>
#include <apiary/route_pattern.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace apiary {

class PluginInstance;

struct CorsSettings {
  std::string allowOrigin;
  std::string allowMethods;
  std::string allowHeaders;  // empty: echo Access-Control-Request-Headers
  int preflightStatus = 204;
  int maxAgeSeconds = -1;
};

struct MountedRoute {
  std::string method;
  std::string pattern;  // as the plugin wrote it, without the mount prefix
  std::string summary;
  std::string requestSchema, responseSchema;  // JSON Schema text, for OpenAPI
  RoutePattern compiled;
  apiary_handler_fn handler = nullptr;
  void* user = nullptr;
  std::vector<AccessPolicy> policies;  // the plugin's own and the operator's for this route
  std::shared_ptr<RouteStats> stats = std::make_shared<RouteStats>();
  // 1.5: set when the route also accepts WebSocket upgrades (a copy of the plugin's table).
  std::optional<apiary_websocket_handlers> websocket;
};

class Mount {
 public:
  Mount(PluginInstance* owner, std::string listener, std::string prefix, int64_t maxBodyBytes);

  // --- filled during register_routes ---
  bool addRoute(const apiary_route_def& def, std::string* error);
  void setFlags(uint32_t flags) { flags_ = flags; }
  void setCors(CorsSettings cors) { cors_ = std::move(cors); }
  void addDefaultHeader(std::string name, std::string value) {
    defaultHeaders_.emplace_back(std::move(name), std::move(value));
  }
  void addPrefixPolicy(PrefixPolicy p) { prefixPolicies_.push_back(std::move(p)); }
  // The operator's policy for one route; false when the mount has no such route.
  bool addRoutePolicy(const RoutePolicy& p);
  void addRejection(std::string why) { rejections_.push_back(std::move(why)); }
  const std::vector<std::string>& rejections() const { return rejections_; }
  // Compiles the patterns with the final options. Returns false (with error) on a bad pattern.
  bool freeze(std::string* error);

  // --- read while serving ---
  PluginInstance& owner() const { return *owner_; }
  const std::string& listener() const { return listener_; }
  const std::string& prefix() const { return prefix_; }
  int64_t maxBodyBytes() const { return maxBodyBytes_; }
  bool caseInsensitive() const { return (flags_ & APIARY_ROUTER_CASE_INSENSITIVE) != 0; }
  bool optionalTrailingSlash() const {
    return (flags_ & APIARY_ROUTER_OPTIONAL_TRAILING_SLASH) != 0;
  }
  bool methodMismatchIs404() const { return (flags_ & APIARY_ROUTER_METHOD_MISMATCH_IS_404) != 0; }
  const std::optional<CorsSettings>& cors() const { return cors_; }
  const std::vector<std::pair<std::string, std::string>>& defaultHeaders() const {
    return defaultHeaders_;
  }
  const std::vector<MountedRoute>& routes() const { return routes_; }
  // Requests under this mount that matched no route (404, 405, 400, refused before routing).
  RouteStats& unmatchedStats() const { return *unmatched_; }
  const std::vector<PrefixPolicy>& prefixPolicies() const { return prefixPolicies_; }
  // Every provider any policy of this mount names (for validation at startup).
  std::vector<std::string> providersNamed() const;

  // True when path lies under the prefix; sets rest to the part after it ("/" at the least).
  bool contains(std::string_view path, std::string_view& rest) const;

 private:
  PluginInstance* owner_;
  std::string listener_;
  std::string prefix_;
  int64_t maxBodyBytes_;
  uint32_t flags_ = 0;
  std::optional<CorsSettings> cors_;
  std::vector<std::pair<std::string, std::string>> defaultHeaders_;
  std::vector<MountedRoute> routes_;
  std::vector<PrefixPolicy> prefixPolicies_;
  std::vector<std::string> rejections_;
  std::shared_ptr<RouteStats> unmatched_ = std::make_shared<RouteStats>();
};

}  // namespace apiary
