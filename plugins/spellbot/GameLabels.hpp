// SpellBot's enum integers (1-based declaration order in upstream's enums.py, never reordered)
// and their human-readable labels. Values outside a table read "Unknown", as upstream's SQL CASE.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace spellbot {

class GameLabels {
 public:
  static std::string format(int64_t value);
  static std::string bracket(int64_t value);
  static std::string service(int64_t value);
  // (value, label) pairs for filter forms.
  static std::vector<std::pair<int64_t, std::string>> formats();
  static std::vector<std::pair<int64_t, std::string>> brackets();
};

}  // namespace spellbot
