// One bound statement parameter, copied from the ABI's apiary_value.
#pragma once

#include <cstdint>
#include <string>

namespace apiary {

struct SqlParam {
  int32_t type = 0;  // APIARY_VALUE_*
  int64_t int64 = 0;
  double real = 0;
  std::string bytes;
};

}  // namespace apiary
