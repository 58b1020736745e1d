// The Date header value (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") for the current
// second, formatted once per second per thread. Poco's connection formatted it for every
// request through DateTimeFormatter (~3k instructions, a tenth of a keep-alive request).
#pragma once

#include <ctime>
#include <string>

namespace apiary {

class HttpDate {
 public:
  // The current second's value; the reference stays valid on this thread until the next call.
  static const std::string& now();
  // The value for a given time (UTC).
  static std::string format(std::time_t seconds);
};

}  // namespace apiary
