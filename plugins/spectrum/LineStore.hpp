// Lines (dedicated numbers a project owns) and the operator's number pool they come from.
// A pool number is free while no active line holds it; a partial unique index on active lines'
// numbers keeps two racing allocations from taking the same one.
#pragma once

#include "Envelope.hpp"

#include <apiary/clock.hpp>
#include <apiary/database.hpp>

#include <optional>
#include <string>
#include <vector>

namespace spectrum {

struct LineRecord {
  std::string id, projectId, platform, phoneNumber;
  int64_t createdMs = 0;

  // {id, platform, phoneNumber, createdAt}
  Json toJson() const;
};

struct PoolNumber {
  std::string phoneNumber, kind;  // kind: "dedicated" or "shared"
  std::string projectId;          // dedicated numbers held by an active line
  int64_t users = 0;              // shared numbers: active shared users on it
};

class LineStore {
 public:
  LineStore(apiary::Database db, apiary::Clock clock) : db_(db), clock_(clock) {}

  std::vector<LineRecord> list(std::string_view projectId, std::string_view platform = {}) const;
  // nullopt when the pool has no free number. quantityAfter: the project's active lines of
  // that platform including the new one.
  std::optional<LineRecord> allocate(std::string_view projectId, std::string_view platform,
                                     int64_t& quantityAfter) const;
  // nullopt when unknown or already removed. The number returns to the pool.
  std::optional<LineRecord> remove(std::string_view projectId, std::string_view lineId,
                                   int64_t& quantityAfter) const;
  std::optional<LineRecord> findActiveByNumber(std::string_view projectId,
                                               std::string_view platform,
                                               std::string_view phoneNumber) const;

  struct RouteChoice {
    LineRecord line;
    int64_t users = 0, recentUsers = 0;
  };
  // The project's iMessage line with the fewest active users (ties: oldest line).
  std::optional<RouteChoice> route(std::string_view projectId, int64_t recentSinceMs) const;

  // Operator pool. add: false when the number is already in the pool.
  bool addNumber(const std::string& phoneNumber, const std::string& kind) const;
  // 0 removed, 1 unknown, 2 in use by an active line.
  int removeNumber(const std::string& phoneNumber) const;
  std::vector<PoolNumber> pool() const;

 private:
  apiary::Database db_;
  apiary::Clock clock_;
};

}  // namespace spectrum
