// The rows of one executed statement (the ABI's apiary_db_result): copied out of the driver so
// the connection can go back to the pool before the plugin reads them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace apiary {

struct SqlCell {
  int32_t type = 0;  // APIARY_VALUE_*
  int64_t int64 = 0;
  double real = 0;
  std::string bytes;  // TEXT and BLOB
};

class SqlResult {
 public:
  std::vector<std::string> columns;
  std::vector<std::vector<SqlCell>> rows;
  int64_t affectedRows = 0;
};

}  // namespace apiary
