// Who may call a route or the paths under a prefix (the ABI's apiary_policy, copied), from a
// plugin or from the operator's config.
#pragma once

#include <apiary/abi.h>

#include <string>
#include <string_view>
#include <vector>

namespace apiary {

struct AccessPolicy {
  std::vector<std::string> providers;  // authenticator instance names
  std::vector<std::string> scopes;     // all required
  bool allowAnonymous = false;
  int throttleFailures = 0;  // > 0: 429 after that many failures per client per minute
};

inline AccessPolicy accessPolicyFromAbi(const apiary_policy& raw) {
  AccessPolicy p;
  auto view = [](apiary_str s) {
    return s.data == nullptr ? std::string() : std::string(s.data, s.size);
  };
  for (size_t i = 0; i < raw.provider_count; ++i) p.providers.push_back(view(raw.providers[i]));
  for (size_t i = 0; i < raw.scope_count; ++i) p.scopes.push_back(view(raw.scopes[i]));
  p.allowAnonymous = raw.allow_anonymous != 0;
  p.throttleFailures = raw.throttle_failures;
  return p;
}

// A policy for every path under prefix (relative to the mount), checked before routing.
struct PrefixPolicy {
  std::string prefix;  // "/api"; "/" for the whole mount
  AccessPolicy policy;
};

// An operator policy for one route of a mount ("POST /api/game/{game}/verify").
struct RoutePolicy {
  std::string method;
  std::string pattern;
  AccessPolicy policy;
};

}  // namespace apiary
