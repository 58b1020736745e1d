#include "RouteTable.h"

#include "PluginInstance.h"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <stdexcept>

namespace apiary {

void RouteTable::add(std::shared_ptr<const Mount> mount) {
  for (const auto& other : mounts_) {
    const bool ci = other->caseInsensitive() || mount->caseInsensitive();
    for (const auto& a : other->routes())
      for (const auto& b : mount->routes())
        if (a.method == b.method && a.compiled.shapeKey(ci) == b.compiled.shapeKey(ci))
          throw std::runtime_error("route conflict on listener '" + mount->listener() +
                                   "': " + b.method + " " + mount->prefix() + b.pattern +
                                   " of plugin '" + mount->owner().name() +
                                   "' is already served by plugin '" + other->owner().name() +
                                   "' (" + a.method + " " + other->prefix() + a.pattern + ")");
  }
  const auto& routes = mount->routes();
  for (size_t i = 0; i < routes.size(); ++i)
    for (size_t j = i + 1; j < routes.size(); ++j)
      if (routes[i].method == routes[j].method &&
          routes[i].compiled.shapeKey(mount->caseInsensitive()) ==
              routes[j].compiled.shapeKey(mount->caseInsensitive()))
        throw std::runtime_error("plugin '" + mount->owner().name() + "' registers " +
                                 routes[j].method + " " + routes[j].pattern + " twice");
  mounts_.push_back(std::move(mount));
}

const Mount* RouteTable::mountFor(std::string_view path) const {
  const Mount* best = nullptr;
  std::string_view rest;
  for (const auto& m : mounts_)
    if (m->contains(path, rest) && (best == nullptr || m->prefix().size() > best->prefix().size()))
      best = m.get();
  return best;
}

RouteTable::Match RouteTable::match(std::string_view method, std::string_view path) const {
  // Every mount containing the path, longest prefix first: mounts may share a prefix (a module
  // beside the plugin it extends), and the conflict check guarantees at most one can match.
  // Inline storage: no allocation per request for the usual handful of mounts and routes.
  boost::container::small_vector<const Mount*, 8> candidates;
  std::string_view rest;
  for (const auto& m : mounts_)
    if (m->contains(path, rest)) candidates.push_back(m.get());
  std::stable_sort(candidates.begin(), candidates.end(), [](const Mount* a, const Mount* b) {
    return a->prefix().size() > b->prefix().size();
  });
  Match best;
  best.mount = candidates.empty() ? nullptr : candidates.front();
  for (const Mount* mount : candidates) {
    Match m = matchIn(*mount, method, path);
    if (m.outcome == Outcome::Found) return m;
    // 400 and 405 say more than a 404 from a neighbour that knows nothing of the path.
    if (best.outcome == Outcome::NotFound && m.outcome != Outcome::NotFound) best = std::move(m);
  }
  return best;
}

RouteTable::Match RouteTable::matchIn(const Mount& mount, std::string_view method,
                                      std::string_view path) const {
  Match result;
  result.mount = &mount;
  std::vector<std::string> segments;
  segments.reserve(8);
  if (!splitPath(path, mount.optionalTrailingSlash(), segments)) {
    result.outcome = Outcome::BadPath;
    return result;
  }
  // HEAD is answered by the GET route unless the plugin registered HEAD itself.
  const MountedRoute* best = nullptr;
  const MountedRoute* bestGet = nullptr;
  boost::container::small_vector<std::string_view, 8> methods;
  for (const auto& route : mount.routes()) {
    if (!route.compiled.match(segments, mount.caseInsensitive(), nullptr)) continue;
    methods.push_back(route.method);
    auto better = [&](const MountedRoute* current) {
      return current == nullptr || route.compiled.moreSpecificThan(current->compiled);
    };
    if (route.method == method && better(best)) best = &route;
    if (route.method == "GET" && better(bestGet)) bestGet = &route;
  }
  if (best == nullptr && method == "HEAD") best = bestGet;
  if (best != nullptr) {
    best->compiled.match(segments, mount.caseInsensitive(), &result.params);
    result.outcome = Outcome::Found;
    result.route = best;
    return result;
  }
  if (methods.empty() || mount.methodMismatchIs404()) return result;

  result.outcome = Outcome::MethodNotAllowed;
  std::vector<std::string_view> allow;
  auto addUnique = [&](std::string_view m) {
    for (auto a : allow)
      if (a == m) return;
    allow.push_back(m);
  };
  for (auto m : methods) {
    addUnique(m);
    if (m == "GET") addUnique("HEAD");
  }
  if (mount.cors()) addUnique("OPTIONS");
  for (auto m : allow) {
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += m;
  }
  return result;
}

}  // namespace apiary
