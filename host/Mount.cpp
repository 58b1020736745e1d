#include "Mount.h"

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
  routes_.push_back(std::move(route));
  return true;
}

bool Mount::freeze(std::string* error) {
  for (auto& r : routes_) {
    auto compiled = RoutePattern::parse(prefix_ + r.pattern, optionalTrailingSlash(), error);
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
