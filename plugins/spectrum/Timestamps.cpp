#include "Timestamps.hpp"

#include <cstdio>
#include <ctime>

namespace spectrum {

std::string Timestamps::iso(int64_t epochMs) {
  const int64_t ms = ((epochMs % 1000) + 1000) % 1000;
  const time_t seconds = static_cast<time_t>((epochMs - ms) / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buffer;
}

}  // namespace spectrum
