// What differs between the storage engines behind SqlDatabase: how a connection is opened and
// set up, how a statement's `?` parameters are spelled, how a write transaction begins, and how
// the driver's exceptions map to the portable APIARY_DB_* kinds. SQLite (a file path) is the
// embedded default; a `postgresql://` URL selects PostgreSQL, so several apiary instances can
// share one database. Plugins write portable SQL with `?` and never see which one runs.
#pragma once

#include "SqlParam.h"
#include "SqlResult.h"
#include "StorageSettings.h"

#include <Poco/Data/Session.h>

#include <memory>
#include <string>
#include <vector>

namespace apiary {

class PostgresDriver;

class SqlBackend {
 public:
  enum class Kind { Sqlite, Postgres };

  // location: a SQLite file path, or a postgresql:// (or postgres://) URL as libpq reads it.
  SqlBackend(std::string location, const StorageSettings& settings);

  static bool isPostgresUrl(const std::string& location);

  Kind kind() const { return kind_; }
  // The location for messages and logs: a URL's password is replaced by "***".
  const std::string& displayName() const { return display_; }

  // A new connection, set up (timeouts, pragmas, error verbosity). Throws StorageError.
  std::unique_ptr<Poco::Data::Session> open() const;
  // Checks a freshly opened first connection works (fails startup on a bad file or server).
  void checkUsable(Poco::Data::Session& session) const;
  // False when the connection is known broken (server restarted): the pool drops it.
  bool isHealthy(Poco::Data::Session& session) const;

  // The statement as the engine reads it: `?` becomes `$1`, `$2`, ... for PostgreSQL (outside
  // string literals, quoted identifiers and comments); SQLite takes it unchanged.
  std::string translate(const std::string& sql) const;
  static std::string numberPlaceholders(const std::string& sql);

  // PostgreSQL only: runs one statement through libpq on the connection Poco opened (in the
  // PostgresDriver module). Poco
  // 1.11's PostgreSQL extractor reads int8 through a double (values above 2^53 lose digits)
  // and hides the SQLSTATE; libpq gives exact text values, binary bytea and the error code.
  SqlResult executePostgres(Poco::Data::Session& session, const std::string& sql,
                            const std::vector<SqlParam>& params) const;

  // A migration statement as the engine reads it. Plugins write their DDL once in the SQLite
  // spelling; for PostgreSQL `INTEGER PRIMARY KEY` (SQLite's auto-assigned rowid) becomes
  // BIGSERIAL, INTEGER becomes BIGINT, REAL DOUBLE PRECISION, BLOB BYTEA, AUTOINCREMENT goes.
  // This keeps plugins dialect-free without an ABI addition (see the report on #13).
  std::string translateDdl(const std::string& sql) const;
  static std::string postgresDdl(const std::string& sql);

  // Starts a read-write transaction that stays correct when instances race (see the .cpp).
  std::string beginStatement() const;
  // Serialises migrations of all instances sharing the database (empty for SQLite, where
  // BEGIN IMMEDIATE already does).
  std::string migrationLockStatement() const;

  // Maps the current exception to a StorageError (rethrows).
  [[noreturn]] void rethrowAsStorageError(const std::string& context) const;

 private:
  Kind kind_;
  const PostgresDriver* driver_ = nullptr;  // PostgreSQL only: the module, loaded on first use
  std::string location_;
  std::string display_;
  StorageSettings settings_;
};

}  // namespace apiary
