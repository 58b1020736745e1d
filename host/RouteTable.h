// The routes of every plugin mounted on one listener. Built and checked for conflicts at
// startup, then immutable: matching takes no lock and may run on any number of threads.
#pragma once

#include "AuthGate.h"
#include "Mount.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace apiary {

class RouteTable {
 public:
  enum class Outcome { Found, NotFound, MethodNotAllowed, BadPath };

  struct Match {
    Outcome outcome = Outcome::NotFound;
    const Mount* mount = nullptr;  // the mount owning the path (for errors), may be null
    const MountedRoute* route = nullptr;
    PathParams params;
    std::string allow;  // for 405: "GET, HEAD, POST"
  };

  // Adds a frozen mount. Throws std::runtime_error naming both routes on a
  // conflict (same method and same path shape on this listener).
  void add(std::shared_ptr<const Mount> mount);

  // The mount whose prefix is the longest one containing path; null when none does.
  const Mount* mountFor(std::string_view path) const;

  Match match(std::string_view method, std::string_view path) const;

  const std::vector<std::shared_ptr<const Mount>>& mounts() const { return mounts_; }

  // The authenticators of this configuration; never null once built by the Daemon.
  void setAuthGate(std::shared_ptr<AuthGate> gate) { authGate_ = std::move(gate); }
  AuthGate* authGate() const { return authGate_.get(); }

 private:
  Match matchIn(const Mount& mount, std::string_view method, std::string_view path) const;

  std::vector<std::shared_ptr<const Mount>> mounts_;
  std::shared_ptr<AuthGate> authGate_ = std::make_shared<AuthGate>();
};

}  // namespace apiary
