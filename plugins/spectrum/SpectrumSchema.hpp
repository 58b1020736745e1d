// The plugin's tables (portable SQL: SQLite today, PostgreSQL later). All names start with
// spectrum_ because instances may share a database with other plugins.
#pragma once

#include <apiary/database.hpp>

#include <vector>

namespace spectrum {

class SpectrumSchema {
 public:
  static std::vector<apiary::Migration> migrations();
};

}  // namespace spectrum
