// The databases of the host, opened on first use and shared by every plugin that names the
// same SQLite file or postgresql:// URL (one pool each). Thread-safe.
#pragma once

#include "SqlDatabase.h"
#include "StorageSettings.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace apiary {

class StorageRegistry {
 public:
  explicit StorageRegistry(StorageSettings settings) : settings_(std::move(settings)) {}

  // path empty: the shared database (storage.url, else storage.sqlite). Throws StorageError when
  // the file cannot be used.
  SqlDatabase& open(const std::string& path);
  const StorageSettings& settings() const { return settings_; }

  struct Probe {
    std::string name;     // path or URL without password
    std::string backend;  // "sqlite" | "postgresql"
    std::string error;    // empty: answered
  };
  // Runs `SELECT 1` on every database opened so far (for /readyz).
  std::vector<Probe> probe() const;

 private:
  StorageSettings settings_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<SqlDatabase>> databases_;
};

}  // namespace apiary
