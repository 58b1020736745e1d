// Route registration for a plugin. Used inside Plugin::routes(); the host copies every definition.
#pragma once

#include <apiary/http_error.hpp>
#include <apiary/request.hpp>
#include <apiary/response.hpp>

#include <deque>
#include <functional>
#include <stdexcept>

namespace apiary {

// Handlers run concurrently on the host's worker threads: capture only thread-safe state.
using Handler = std::function<Response(const Request&)>;

class Plugin;

// A registered handler and the plugin that owns it (whose formatError renders HttpError).
struct HandlerSlot {
  Plugin* owner;
  Handler fn;
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
         std::deque<HandlerSlot>& slots)
      : raw_(raw), invoke_(invoke), owner_(owner), slots_(slots) {}

  Router& get(std::string_view pattern, Handler h, std::string_view summary = {}) {
    return route("GET", pattern, std::move(h), summary);
  }
  Router& post(std::string_view pattern, Handler h, std::string_view summary = {}) {
    return route("POST", pattern, std::move(h), summary);
  }
  Router& put(std::string_view pattern, Handler h, std::string_view summary = {}) {
    return route("PUT", pattern, std::move(h), summary);
  }
  Router& patch(std::string_view pattern, Handler h, std::string_view summary = {}) {
    return route("PATCH", pattern, std::move(h), summary);
  }
  Router& del(std::string_view pattern, Handler h, std::string_view summary = {}) {
    return route("DELETE", pattern, std::move(h), summary);
  }

  // Throws std::invalid_argument when the host refuses the definition (bad pattern, duplicate).
  Router& route(std::string_view method, std::string_view pattern, Handler h,
                std::string_view summary = {}) {
    HandlerSlot& stored = slots_.emplace_back(HandlerSlot{owner_, std::move(h)});
    apiary_route_def def{};
    def.struct_size = sizeof(def);
    def.method = toStr(method);
    def.pattern = toStr(pattern);
    def.summary = toStr(summary);
    def.handler = invoke_;
    def.user = &stored;
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

  Router& defaultHeader(std::string_view name, std::string_view value) {
    host().router_add_default_header(raw_, toStr(name), toStr(value));
    return *this;
  }

 private:
  apiary_router* raw_;
  apiary_handler_fn invoke_;
  Plugin* owner_;
  std::deque<HandlerSlot>& slots_;
};

}  // namespace apiary
