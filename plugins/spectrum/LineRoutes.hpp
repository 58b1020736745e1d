// /projects/{projectId}/lines/: list ({lines:[...]}, ?platform=), add a dedicated iMessage line
// from the operator's pool, remove one (with billing figures), and lines/route.
#pragma once

#include "Billing.hpp"
#include "LineStore.hpp"
#include "ProjectGuard.hpp"

namespace spectrum {

class LineRoutes {
 public:
  // A line is not "best available" beyond these (Photon's documented thresholds).
  static constexpr int64_t kMaxUsersPerLine = 500;
  static constexpr int64_t kMaxRecentUsers = 100;
  static constexpr int64_t kRecentWindowMs = 10 * 60 * 1000;

  LineRoutes(const LineStore& lines, Billing billing, apiary::Clock clock)
      : lines_(lines), billing_(billing), clock_(clock) {}
  void add(apiary::Router& router, const ProjectGuard& guard) const;

 private:
  apiary::Response list(const apiary::Request& request, const std::string& projectId) const;
  apiary::Response create(const apiary::Request& request, const std::string& projectId) const;
  apiary::Response remove(const apiary::Request& request, const std::string& projectId) const;
  apiary::Response route(const std::string& projectId) const;

  const LineStore& lines_;
  Billing billing_;
  apiary::Clock clock_;
};

}  // namespace spectrum
