// One SQLite database file through Poco Data: a fixed-size pool of sessions (each set up with
// WAL, a busy timeout and foreign keys), statements with bound parameters, transactions and
// per-schema migrations. Thread-safe. Errors are StorageError with an APIARY_DB_* kind.
#pragma once

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

  // Opens (creating if needed) the file and checks it is a usable database. Throws
  // StorageError (UNAVAILABLE for an unwritable or corrupt file).
  SqlDatabase(std::string path, const StorageSettings& settings);
  ~SqlDatabase();

  const std::string& path() const { return path_; }

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
  [[noreturn]] static void rethrowAsStorageError(const std::string& context);

 private:
  std::unique_ptr<Poco::Data::Session> openSession();
  void giveBack(std::unique_ptr<Poco::Data::Session> session);

  std::string path_;
  StorageSettings settings_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Poco::Data::Session>> idle_;
  int open_ = 0;  // sessions created (idle + leased)
};

}  // namespace apiary
