#include "StorageRegistry.h"

#include <apiary/abi.h>

#include "StorageError.h"

#include <filesystem>

namespace apiary {

SqlDatabase& StorageRegistry::open(const std::string& requested) {
  const std::string shared = settings_.url.empty() ? settings_.sqlitePath : settings_.url;
  const std::string path = requested.empty() ? shared : requested;
  std::lock_guard lock(mutex_);
  auto it = databases_.find(path);
  if (it != databases_.end()) return *it->second;
  std::error_code ec;
  const auto dir = SqlBackend::isPostgresUrl(path) ? std::filesystem::path()
                                                   : std::filesystem::path(path).parent_path();
  if (!dir.empty() && !std::filesystem::exists(dir, ec))
    std::filesystem::create_directories(dir, ec);
  if (ec)
    throw StorageError(APIARY_DB_UNAVAILABLE,
                       "database " + path + ": cannot create directory: " + ec.message());
  auto db = std::make_unique<SqlDatabase>(path, settings_);
  return *databases_.emplace(path, std::move(db)).first->second;
}

std::vector<StorageRegistry::Probe> StorageRegistry::probe() const {
  std::vector<SqlDatabase*> open;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [path, db] : databases_) open.push_back(db.get());
  }
  std::vector<Probe> out;
  for (SqlDatabase* db : open) {
    Probe p{db->backend().displayName(),
            db->backend().kind() == SqlBackend::Kind::Postgres ? "postgresql" : "sqlite",
            {}};
    try {
      db->execute(nullptr, "SELECT 1", {});
    } catch (const StorageError& e) {
      p.error = e.what();
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace apiary
