// /projects/{projectId}/users/: list ({users:[...]}, ?type=, repeated ?id=), create with
// Photon's validation and idempotency rules, get, soft delete.
#pragma once

#include "LineStore.hpp"
#include "ProjectGuard.hpp"
#include "UserStore.hpp"

namespace spectrum {

class UserRoutes {
 public:
  static constexpr size_t kMaxMetaBytes = 16 * 1024;
  static constexpr size_t kMaxIdsPerQuery = 100;

  UserRoutes(const UserStore& users, const LineStore& lines, int64_t maxSharedUsers)
      : users_(users), lines_(lines), maxSharedUsers_(maxSharedUsers) {}
  void add(apiary::Router& router, const ProjectGuard& guard) const;

 private:
  apiary::Response list(const apiary::Request& request, const std::string& projectId) const;
  apiary::Response create(const apiary::Request& request, const std::string& projectId) const;
  apiary::Response get(const apiary::Request& request, const std::string& projectId) const;
  apiary::Response remove(const apiary::Request& request, const std::string& projectId) const;

  const UserStore& users_;
  const LineStore& lines_;
  int64_t maxSharedUsers_;
};

}  // namespace spectrum
