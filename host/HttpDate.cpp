#include "HttpDate.h"

#include <cstdio>

namespace apiary {

std::string HttpDate::format(std::time_t seconds) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const int n = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                              kDays[utc.tm_wday], utc.tm_mday, kMonths[utc.tm_mon],
                              utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return std::string(text, n > 0 ? static_cast<size_t>(n) : 0);
}

const std::string& HttpDate::now() {
  thread_local std::time_t cachedSecond = -1;
  thread_local std::string cached;
  const std::time_t second = std::time(nullptr);
  if (second != cachedSecond) {
    cached = format(second);
    cachedSecond = second;
  }
  return cached;
}

}  // namespace apiary
