// Photon's "5 requests per second per project", kept in storage (spectrum_rate_windows) so that
// every instance behind a load balancer counts against the same budget once the database is
// shared (PostgreSQL). Sliding-window estimate over one-second windows: the previous window's
// count weighted by how much of it still overlaps the last second, plus the current window's.
// Only admitted requests are counted, so a client that backs off gets in again within a second.
#pragma once

#include <apiary/clock.hpp>
#include <apiary/database.hpp>

#include <cstdint>
#include <string_view>

namespace spectrum {

class RateLimiter {
 public:
  RateLimiter(apiary::Database db, apiary::Clock clock, int64_t perSecond)
      : db_(db), clock_(clock), perSecond_(perSecond) {}

  // Counts one request for the project; false when it is over the limit (not counted).
  bool admit(std::string_view projectId) const;
  // Drops windows older than a few seconds (run from a timer).
  void sweep() const;

 private:
  apiary::Database db_;
  apiary::Clock clock_;
  int64_t perSecond_;
};

}  // namespace spectrum
