#include "OpenApiDocument.h"

#include "PluginInstance.h"
#include "Version.h"

#include <algorithm>
#include <set>

namespace apiary {
namespace {

using Json = nlohmann::ordered_json;

std::string lower(std::string s) {
  for (char& c : s) c = RoutePattern::lower(c);
  return s;
}

// The applicable policies of a route: its own, and the mount's prefix policies covering it.
std::vector<const AccessPolicy*> policiesOf(const Mount& mount, const MountedRoute& route) {
  std::vector<const AccessPolicy*> out;
  for (const auto& p : mount.prefixPolicies())
    if (p.prefix == "/" || route.pattern == p.prefix || route.pattern.rfind(p.prefix + "/", 0) == 0)
      out.push_back(&p.policy);
  for (const auto& p : route.policies) out.push_back(&p);
  return out;
}

// Component names allow [a-zA-Z0-9._-] only; instance names like "bearer:api" become
// "bearer_api" (the original is kept in x-apiary-authenticator).
std::string componentName(const std::string& instance) {
  std::string out = instance;
  for (char& c : out)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == '-'))
      c = '_';
  return out;
}

Json securityOf(const std::vector<const AccessPolicy*>& policies) {
  // OpenAPI lists alternatives; apiary requires every policy. Approximation for the document:
  // any named provider, with the union of the required scopes.
  std::vector<std::string> providers, scopes;
  bool anonymous = !policies.empty();
  for (const AccessPolicy* p : policies) {
    for (const auto& n : p->providers)
      if (std::find(providers.begin(), providers.end(), n) == providers.end()) providers.push_back(n);
    for (const auto& s : p->scopes)
      if (std::find(scopes.begin(), scopes.end(), s) == scopes.end()) scopes.push_back(s);
    anonymous = anonymous && p->allowAnonymous;
  }
  Json security = Json::array();
  for (const auto& n : providers) security.push_back(Json{{componentName(n), scopes}});
  if (anonymous) security.push_back(Json::object());
  return security;
}

Json parametersOf(const MountedRoute& route) {
  Json params = Json::array();
  for (const auto& seg : route.compiled.segments())
    if (seg.isParam)
      params.push_back({{"name", seg.text},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
  return params;
}

// "/preview/{previewCode}" with the mount prefix, in OpenAPI's template syntax (the same).
std::string pathOf(const Mount& mount, const MountedRoute& route) {
  if (!mount.prefix().empty() && route.pattern == "/") return mount.prefix();
  return mount.prefix() + route.pattern;
}

}  // namespace

nlohmann::ordered_json OpenApiDocument::build(
    const std::vector<Listener>& listeners,
    const std::map<std::string, std::string>& authenticators, const std::string& onlyListener) {
  Json doc;
  doc["openapi"] = "3.1.0";
  doc["info"] = {{"title", onlyListener.empty() ? "apiary" : "apiary: " + onlyListener},
                 {"version", kApiaryVersion},
                 {"description", "Generated from the routes the plugins registered."}};
  Json servers = Json::array();
  for (const auto& l : listeners)
    if (onlyListener.empty() || l.name == onlyListener)
      servers.push_back({{"url", l.serverUrl}, {"description", "listener " + l.name}});
  doc["servers"] = servers;
  Json paths = Json::object();
  std::set<std::string> usedSchemes;
  std::set<std::string> tags;
  for (const auto& l : listeners) {
    if (!onlyListener.empty() && l.name != onlyListener) continue;
    for (const auto& mount : l.table->mounts())
      for (const auto& route : mount->routes()) {
        const std::string path = pathOf(*mount, route);
        const std::string method = lower(route.method);
        Json& item = paths[path];
        if (item.contains(method)) {  // same path and method on another listener
          item[method]["x-apiary-also-on"].push_back(l.name);
          continue;
        }
        Json op;
        if (!route.summary.empty()) op["summary"] = route.summary;
        op["operationId"] = l.name + "." + mount->owner().name() + "." + method + "." + path;
        op["tags"] = Json::array({mount->owner().name()});
        tags.insert(mount->owner().name());
        if (onlyListener.empty())
          op["servers"] = Json::array({{{"url", l.serverUrl}, {"description", "listener " + l.name}}});
        if (Json params = parametersOf(route); !params.empty()) op["parameters"] = params;
        if (!route.requestSchema.empty())
          op["requestBody"] = {
              {"required", true},
              {"content", {{"application/json", {{"schema", Json::parse(route.requestSchema)}}}}}};
        Json responses = Json::object();
        if (!route.responseSchema.empty())
          responses["200"] = {
              {"description", "Success"},
              {"content", {{"application/json", {{"schema", Json::parse(route.responseSchema)}}}}}};
        responses["default"] = {{"description", "An error in " + mount->owner().name() +
                                                     "'s own envelope (see its README)"}};
        op["responses"] = responses;
        const auto policies = policiesOf(*mount, route);
        if (!policies.empty()) {
          op["security"] = securityOf(policies);
          for (const AccessPolicy* p : policies)
            for (const auto& n : p->providers) usedSchemes.insert(n);
        }
        item[method] = op;
      }
  }
  doc["paths"] = paths;
  Json tagList = Json::array();
  for (const auto& t : tags) tagList.push_back({{"name", t}});
  doc["tags"] = tagList;
  Json schemes = Json::object();
  for (const auto& name : usedSchemes) {
    auto it = authenticators.find(name);
    const std::string plugin = it == authenticators.end() ? "" : it->second;
    Json scheme;
    if (plugin == "auth-basic")
      scheme = {{"type", "http"}, {"scheme", "basic"}};
    else if (plugin == "auth-bearer")
      scheme = {{"type", "http"}, {"scheme", "bearer"}};
    else
      scheme = {{"type", "http"}, {"scheme", "custom"}, {"description", "authenticator plugin " + plugin}};
    scheme["x-apiary-authenticator"] = name;
    schemes[componentName(name)] = scheme;
  }
  doc["components"] = {{"securitySchemes", schemes}};
  return doc;
}

}  // namespace apiary
