// RFC 3339 UTC timestamps with milliseconds, as JavaScript's toISOString
// (2026-05-14T19:00:00.000Z).
#pragma once

#include <cstdint>
#include <string>

namespace spectrum {

class Timestamps {
 public:
  static std::string iso(int64_t epochMs);
};

}  // namespace spectrum
