#include "StorageRegistry.h"

#include <apiary/abi.h>

#include "StorageError.h"

#include <filesystem>

namespace apiary {

SqlDatabase& StorageRegistry::open(const std::string& requested) {
  const std::string path = requested.empty() ? settings_.sqlitePath : requested;
  std::lock_guard lock(mutex_);
  auto it = databases_.find(path);
  if (it != databases_.end()) return *it->second;
  std::error_code ec;
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty() && !std::filesystem::exists(dir, ec))
    std::filesystem::create_directories(dir, ec);
  if (ec)
    throw StorageError(APIARY_DB_UNAVAILABLE,
                       "database " + path + ": cannot create directory: " + ec.message());
  auto db = std::make_unique<SqlDatabase>(path, settings_);
  return *databases_.emplace(path, std::move(db)).first->second;
}

}  // namespace apiary
