// Route registration for a plugin. Used inside Plugin::routes(); the host copies every definition.
#pragma once

#include <apiary/http_error.hpp>
#include <apiary/request.hpp>
#include <apiary/response.hpp>
#include <apiary/websocket.hpp>

#include <deque>
#include <functional>
#include <optional>
#include <stdexcept>

namespace apiary {

// Handlers run concurrently on the host's worker threads: capture only thread-safe state.
using Handler = std::function<Response(const Request&)>;

class Plugin;

// A registered handler and the plugin that owns it (whose formatError renders HttpError).
struct HandlerSlot {
  Plugin* owner;
  Handler fn;
  // WebSocket routes (fn unused): the route and the instance's context for its links.
  std::shared_ptr<WebSocketRoute> websocket = nullptr;
  apiary_plugin_ctx* ctx = nullptr;
};

// Who may call a route or every path under a prefix; see apiary_policy in abi.h. A request
// must satisfy every policy that applies, so policies only ever tighten access.
struct Policy {
  std::vector<std::string> providers;  // authenticator instances, e.g. "bearer:spellbot"
  std::vector<std::string> scopes;     // all required
  bool allowAnonymous = false;
  int throttleFailures = 0;  // > 0: 429 after that many failures per client address per minute
};

namespace detail {
// Keeps the views of a Policy alive while the host copies it.
struct RawPolicy {
  explicit RawPolicy(const Policy& p) {
    for (const auto& s : p.providers) providers.push_back(toStr(s));
    for (const auto& s : p.scopes) scopes.push_back(toStr(s));
    raw.struct_size = sizeof(apiary_policy);
    raw.providers = providers.data();
    raw.provider_count = providers.size();
    raw.scopes = scopes.data();
    raw.scope_count = scopes.size();
    raw.allow_anonymous = p.allowAnonymous ? 1 : 0;
    raw.throttle_failures = p.throttleFailures;
  }
  std::vector<apiary_str> providers, scopes;
  apiary_policy raw{};
};
}  // namespace detail

// What the generated OpenAPI document says about a route (all optional).
struct RouteDoc {
  std::string summary;
  std::string requestSchema;   // JSON Schema text of the request body
  std::string responseSchema;  // JSON Schema text of the success response
};

struct CorsPolicy {
  std::string allowOrigin = "*";
  std::string allowMethods = "GET,HEAD,PUT,PATCH,POST,DELETE";
  std::string allowHeaders;  // empty: echo Access-Control-Request-Headers
  int preflightStatus = 204;
  int maxAgeSeconds = -1;  // < 0: no Access-Control-Max-Age
};

class Router {
 public:
  // invoke is the plugin's C trampoline; slots is storage with stable addresses owned by the
  // plugin instance.
  Router(apiary_router* raw, apiary_handler_fn invoke, Plugin* owner,
         std::deque<HandlerSlot>& slots, apiary_plugin_ctx* ctx = nullptr)
      : raw_(raw), invoke_(invoke), owner_(owner), slots_(slots), ctx_(ctx) {}

  // A WebSocket route (GET): upgrades go to route.accept, plain requests to route.plain. See
  // websocket.hpp. Defined in plugin.hpp. Needs a 1.5 host; throws std::invalid_argument when
  // refused.
  Router& websocket(std::string_view pattern, WebSocketRoute route, std::string_view summary = {},
                    const std::optional<Policy>& policy = std::nullopt);

  Router& get(std::string_view pattern, Handler h, std::string_view summary = {},
               const std::optional<Policy>& policy = std::nullopt) {
    return route("GET", pattern, std::move(h), summary, policy);
  }
  Router& post(std::string_view pattern, Handler h, std::string_view summary = {},
               const std::optional<Policy>& policy = std::nullopt) {
    return route("POST", pattern, std::move(h), summary, policy);
  }
  Router& put(std::string_view pattern, Handler h, std::string_view summary = {},
               const std::optional<Policy>& policy = std::nullopt) {
    return route("PUT", pattern, std::move(h), summary, policy);
  }
  Router& patch(std::string_view pattern, Handler h, std::string_view summary = {},
               const std::optional<Policy>& policy = std::nullopt) {
    return route("PATCH", pattern, std::move(h), summary, policy);
  }
  Router& del(std::string_view pattern, Handler h, std::string_view summary = {},
               const std::optional<Policy>& policy = std::nullopt) {
    return route("DELETE", pattern, std::move(h), summary, policy);
  }

  // Throws std::invalid_argument when the host refuses the definition (bad pattern, duplicate).
  Router& route(std::string_view method, std::string_view pattern, Handler h,
                std::string_view summary = {}, const std::optional<Policy>& policy = std::nullopt) {
    return route(method, pattern, std::move(h), RouteDoc{std::string(summary), {}, {}}, policy);
  }

  // With the request/response schemas for the OpenAPI document.
  Router& route(std::string_view method, std::string_view pattern, Handler h, const RouteDoc& doc,
                const std::optional<Policy>& policy = std::nullopt) {
    const std::string_view summary = doc.summary;
    HandlerSlot& stored = slots_.emplace_back(HandlerSlot{owner_, std::move(h)});
    apiary_route_def def{};
    def.struct_size = sizeof(def);
    def.method = toStr(method);
    def.pattern = toStr(pattern);
    def.summary = toStr(summary);
    def.request_schema = toStr(doc.requestSchema);
    def.response_schema = toStr(doc.responseSchema);
    def.handler = invoke_;
    def.user = &stored;
    std::optional<detail::RawPolicy> rawPolicy;
    if (policy) def.policy = &rawPolicy.emplace(*policy).raw;
    if (host().router_add(raw_, &def) == 0)
      throw std::invalid_argument("route refused: " + std::string(method) + " " +
                                  std::string(pattern));
    return *this;
  }

  Router& options(uint32_t flags) {
    apiary_router_options o{};
    o.struct_size = sizeof(o);
    o.flags = flags;
    host().router_set_options(raw_, &o);
    return *this;
  }

  Router& cors(const CorsPolicy& policy) {
    apiary_cors_policy p{};
    p.struct_size = sizeof(p);
    p.allow_origin = toStr(policy.allowOrigin);
    p.allow_methods = toStr(policy.allowMethods);
    p.allow_headers = toStr(policy.allowHeaders);
    p.preflight_status = policy.preflightStatus;
    p.max_age_seconds = policy.maxAgeSeconds;
    host().router_set_cors(raw_, &p);
    return *this;
  }

  // A policy for every path under prefix ("/" for the whole mount), checked before routing.
  Router& prefixPolicy(std::string_view prefix, const Policy& policy) {
    detail::RawPolicy raw(policy);
    host().router_add_prefix_policy(raw_, toStr(prefix), &raw.raw);
    return *this;
  }

  Router& defaultHeader(std::string_view name, std::string_view value) {
    host().router_add_default_header(raw_, toStr(name), toStr(value));
    return *this;
  }

 private:
  apiary_router* raw_;
  apiary_handler_fn invoke_;
  Plugin* owner_;
  std::deque<HandlerSlot>& slots_;
  apiary_plugin_ctx* ctx_;
};

}  // namespace apiary
