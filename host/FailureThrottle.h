// Counts failed authentication attempts per client address in fixed 60-second windows (as
// SpellBot's Redis limiter: INCR with EXPIRE 60 on the first hit). Memory only: a restart
// forgives. Thread-safe; stale windows are pruned as the map grows.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace apiary {

class FailureThrottle {
 public:
  // Records one failure of address; returns the failures in its current window (this one
  // included).
  int recordFailure(const std::string& address);

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    int failures = 0;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace apiary
