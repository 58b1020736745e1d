#include "AuthGate.h"

#include "AuthResultData.h"
#include "HostRequest.h"
#include "Mount.h"
#include "PluginInstance.h"

#include <Poco/Logger.h>

#include <boost/container/small_vector.hpp>

#include <algorithm>

namespace apiary {
namespace {

bool underPrefix(std::string_view rest, std::string_view prefix, bool caseInsensitive) {
  if (prefix.empty() || prefix == "/") return true;
  if (rest.size() < prefix.size() ||
      !RoutePattern::equals(rest.substr(0, prefix.size()), prefix, caseInsensitive))
    return false;
  return rest.size() == prefix.size() || rest[prefix.size()] == '/';
}

// Inline storage: the gate runs on every request under a policy and should not allocate.
using PolicyList = boost::container::small_vector<const AccessPolicy*, 8>;

PolicyList applicable(const Mount& mount, const MountedRoute* route, std::string_view path) {
  PolicyList policies;
  std::string_view rest;
  if (mount.contains(path, rest))
    for (const auto& p : mount.prefixPolicies())
      if (underPrefix(rest, p.prefix, mount.caseInsensitive())) policies.push_back(&p.policy);
  if (route != nullptr)
    for (const auto& p : route->policies) policies.push_back(&p);
  return policies;
}

bool granted(const std::vector<std::string>& have, const std::string& scope) {
  return std::any_of(have.begin(), have.end(),
                     [&](const std::string& s) { return s == scope || s == "*"; });
}

}  // namespace

bool AuthGate::anyPolicy(const Mount& mount, const MountedRoute* route, std::string_view path) {
  return !applicable(mount, route, path).empty();
}

AuthGate::Decision AuthGate::fail(HostRequest& request, int throttleLimit, int status,
                                  const char* code, const char* message, std::string challenge) {
  if (throttleLimit > 0 && throttle_.recordFailure(request.remoteHost) > throttleLimit)
    return Decision{429, "auth.throttled", "Too many failed attempts", {}};
  return Decision{status, code, message, std::move(challenge)};
}

AuthGate::Decision AuthGate::check(const Mount& mount, const MountedRoute* route,
                                   HostRequest& request) {
  const PolicyList policies = applicable(mount, route, request.path);
  if (policies.empty()) return {};

  // Providers in the order the policies name them; a policy without providers accepts any.
  boost::container::small_vector<const std::string*, 4> providers;
  bool anonymousAllowed = true;
  int throttleLimit = 0;
  for (const AccessPolicy* p : policies) {
    for (const auto& name : p->providers)
      if (std::none_of(providers.begin(), providers.end(),
                       [&](const std::string* known) { return *known == name; }))
        providers.push_back(&name);
    anonymousAllowed = anonymousAllowed && p->allowAnonymous;
    if (p->throttleFailures > 0)
      throttleLimit =
          throttleLimit == 0 ? p->throttleFailures : std::min(throttleLimit, p->throttleFailures);
  }

  std::string provider;  // who authenticated
  std::string challenge;
  AuthResultData result;
  for (const std::string* named : providers) {
    const std::string& name = *named;
    auto it = authenticators_.find(name);
    if (it == authenticators_.end()) continue;  // refused at startup; cannot happen when serving
    AuthResultData attempt;
    const int32_t outcome = it->second->authenticate(request, attempt);
    if (challenge.empty()) challenge = attempt.challenge;
    if (outcome == APIARY_AUTH_NO_CREDENTIALS) continue;
    if (outcome == APIARY_AUTH_OK && !attempt.principal.empty()) {
      provider = name;
      result = std::move(attempt);
      break;
    }
    if (outcome == APIARY_AUTH_INVALID)
      return fail(request, throttleLimit, 401, "auth.invalid", "Invalid credentials",
                  attempt.challenge.empty() ? challenge : attempt.challenge);
    Poco::Logger::get("host").error("authenticator '" + name +
                                    "' failed: request_id=" + request.requestId);
    return Decision{503, "auth.unavailable", "Authentication unavailable", {}};
  }

  if (provider.empty()) {
    if (anonymousAllowed) return {};
    return Decision{401, "auth.missing", "Authentication required", challenge};
  }
  for (const AccessPolicy* p : policies) {
    const bool providerAccepted =
        p->providers.empty() ||
        std::find(p->providers.begin(), p->providers.end(), provider) != p->providers.end();
    const bool scopesGranted = std::all_of(p->scopes.begin(), p->scopes.end(), [&](const auto& s) {
      return granted(result.scopes, s);
    });
    if (!providerAccepted || !scopesGranted)
      return fail(request, throttleLimit, 403, "auth.scope", "Insufficient scope");
  }
  request.principal = std::move(result.principal);
  request.scopes = std::move(result.scopes);
  return {};
}

}  // namespace apiary
