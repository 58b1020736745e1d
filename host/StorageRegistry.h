// The databases of the host, opened on first use and shared by every plugin that names the
// same file (one pool per file). Thread-safe.
#pragma once

#include "SqlDatabase.h"
#include "StorageSettings.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace apiary {

class StorageRegistry {
 public:
  explicit StorageRegistry(StorageSettings settings) : settings_(std::move(settings)) {}

  // path empty: the shared database. Throws StorageError when the file cannot be used.
  SqlDatabase& open(const std::string& path);
  const StorageSettings& settings() const { return settings_; }

 private:
  StorageSettings settings_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<SqlDatabase>> databases_;
};

}  // namespace apiary
