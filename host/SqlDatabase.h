// One database through Poco Data (a SQLite file or a PostgreSQL server, see SqlBackend): a
// bounded pool of sessions, statements with bound parameters, transactions and per-schema
// migrations. Broken connections (a restarted server) are dropped and reopened on demand.
// Thread-safe. Errors are StorageError with an APIARY_DB_* kind.
#pragma once

#include "SqlBackend.h"
#include "SqlParam.h"
#include "SqlResult.h"
#include "StorageSettings.h"

#include <Poco/Data/Session.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace apiary {

class SqlDatabase {
 public:
  struct MigrationStep {
    int64_t version = 0;
    std::string description;
    std::vector<std::string> statements;
  };

  // A leased connection; returned to the pool when destroyed.
  class Lease {
   public:
    Lease(SqlDatabase& db, std::unique_ptr<Poco::Data::Session> session)
        : db_(&db), session_(std::move(session)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Poco::Data::Session& session() { return *session_; }

   private:
    SqlDatabase* db_;
    std::unique_ptr<Poco::Data::Session> session_;
  };

  // Opens (creating if needed) the file, or connects to the postgresql:// URL, and checks it
  // is a usable database. Throws StorageError (UNAVAILABLE for an unwritable or corrupt file
  // or an unreachable server).
  SqlDatabase(std::string location, const StorageSettings& settings);
  ~SqlDatabase();

  const std::string& path() const { return path_; }
  const SqlBackend& backend() const { return backend_; }

  Lease lease();
  // Runs one statement on the leased connection (or a pooled one when lease is null).
  SqlResult execute(Lease* lease, const std::string& sql, const std::vector<SqlParam>& params);
  void begin(Lease& lease);
  void commit(Lease& lease);
  void rollback(Lease& lease) noexcept;

  // Applies the steps of schema newer than its recorded version, all in one transaction.
  // Returns the number applied. Throws StorageError naming the failing version.
  int migrate(const std::string& schema, const std::vector<MigrationStep>& steps);

  // Maps a driver exception to a StorageError (rethrows the current exception).
  [[noreturn]] void rethrowAsStorageError(const std::string& context) const {
    backend_.rethrowAsStorageError(context);
  }

 private:
  void giveBack(std::unique_ptr<Poco::Data::Session> session);

  std::string path_;
  StorageSettings settings_;
  SqlBackend backend_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Poco::Data::Session>> idle_;
  int open_ = 0;  // sessions created (idle + leased)
};

}  // namespace apiary
