// Upstream's fixed-window limiter (web/tools.py: INCR, EXPIRE 60 on the first hit, limited
// when the count exceeds 10), kept in memory per plugin instance. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace spellbot {

class RateLimiter {
 public:
  RateLimiter(int64_t limit, int64_t windowMs) : limit_(limit), windowMs_(windowMs) {}

  // Counts one hit on key at nowMs (monotonic); true when the key is over its limit.
  bool hit(const std::string& key, int64_t nowMs);

 private:
  struct Window {
    int64_t startMs;
    int64_t count;
  };
  int64_t limit_, windowMs_;
  std::mutex mutex_;
  std::map<std::string, Window> windows_;
};

}  // namespace spellbot
