// The authenticate and authorize phases of the pipeline: collects every policy that applies to
// a request (the mount's prefix policies, the matched route's), asks the named authenticator
// instances in order, and decides pass / 401 / 403 / 429 / 503. Immutable after startup except
// for the failure counters, so it runs on every worker thread without a global lock.
#pragma once

#include "AccessPolicy.h"
#include "FailureThrottle.h"

#include <map>
#include <string>

namespace apiary {

class HostRequest;
class Mount;
class PluginInstance;
struct MountedRoute;

class AuthGate {
 public:
  struct Decision {
    int status = 0;        // 0: pass; else the error status
    std::string code;      // "auth.missing", ... (request_error_code)
    std::string message;   // for the default envelope
    std::string challenge; // WWW-Authenticate for a 401
  };

  void addAuthenticator(const std::string& name, const PluginInstance* instance) {
    authenticators_[name] = instance;
  }
  bool hasAuthenticator(const std::string& name) const { return authenticators_.count(name) > 0; }

  // True when any policy applies to this path of the mount (before routing) or route.
  static bool anyPolicy(const Mount& mount, const MountedRoute* route, std::string_view path);

  // On pass, sets request.principal and request.scopes.
  Decision check(const Mount& mount, const MountedRoute* route, HostRequest& request);

 private:
  Decision fail(HostRequest& request, int throttleLimit, int status, const char* code,
                const char* message, std::string challenge = {});

  std::map<std::string, const PluginInstance*> authenticators_;
  FailureThrottle throttle_;
};

}  // namespace apiary
