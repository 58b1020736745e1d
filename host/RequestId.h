// Request ids: the client's X-Request-Id when it is short and safe to log, else a new random one.
#pragma once

#include <string>
#include <string_view>

namespace apiary {

class RequestId {
 public:
  static std::string fromClientOrNew(const std::string* clientValue);
  static bool acceptable(std::string_view value);
  static std::string generate();
};

}  // namespace apiary
