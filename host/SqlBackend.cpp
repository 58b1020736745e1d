#include "SqlBackend.h"

#include "PostgresDriver.h"
#include "StorageError.h"

#include <apiary/abi.h>

#include <Poco/Data/DataException.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Statement.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <regex>

namespace apiary {
namespace {

void registerConnectorsOnce() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Data::SQLite::Connector::registerConnector(); });
}

void run(Poco::Data::Session& session, const std::string& sql) {
  Poco::Data::Statement stmt(session);
  stmt << sql;
  stmt.execute();
}

}  // namespace

bool SqlBackend::isPostgresUrl(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

SqlBackend::SqlBackend(std::string location, const StorageSettings& settings)
    : kind_(isPostgresUrl(location) ? Kind::Postgres : Kind::Sqlite),
      location_(std::move(location)),
      display_(location_),
      settings_(settings) {
  registerConnectorsOnce();
  if (kind_ == Kind::Postgres) {
    driver_ = &PostgresDriver::load();
    // postgresql://user:secret@host/db -> postgresql://user:***@host/db
    static const std::regex password(R"(^(postgres(?:ql)?://[^:/@?]*):[^@/?]*@)");
    display_ = std::regex_replace(location_, password, "$1:***@");
  }
}

std::unique_ptr<Poco::Data::Session> SqlBackend::open() const {
  try {
    if (kind_ == Kind::Sqlite) {
      auto session = std::make_unique<Poco::Data::Session>("SQLite", location_);
      // Per-connection settings: wait for locks instead of failing at once; enforce foreign
      // keys. Durability (journal_mode=WAL, set in checkUsable): with synchronous=NORMAL a
      // commit is in the WAL file (the OS page cache) before the call returns, so a killed or
      // crashed daemon loses no acknowledged write (SpectraDurability test, SIGKILL mid-load);
      // only the WAL checkpoint is fsynced. An OS crash or power loss can roll back the last
      // commits (never corrupt the file). FULL would fsync the WAL on every commit, a disk flush
      // per write request; we accept NORMAL's trade-off, as documented in the README.
      run(*session, "PRAGMA busy_timeout = " + std::to_string(settings_.busyTimeoutMs));
      run(*session, "PRAGMA foreign_keys = ON");
      run(*session, "PRAGMA synchronous = NORMAL");
      return session;
    }
    return driver_->open(location_, display_, settings_);
  } catch (...) {
    rethrowAsStorageError("database " + display_);
  }
}

void SqlBackend::checkUsable(Poco::Data::Session& session) const {
  try {
    if (kind_ == Kind::Sqlite) {
      run(session, "SELECT count(*) FROM sqlite_master");
      run(session, "PRAGMA journal_mode=WAL");
    } else {
      run(session, "SELECT 1");
    }
  } catch (...) {
    rethrowAsStorageError("database " + display_);
  }
}

bool SqlBackend::isHealthy(Poco::Data::Session& session) const {
  return kind_ == Kind::Sqlite || driver_->isHealthy(session);
}

std::string SqlBackend::translate(const std::string& sql) const {
  return kind_ == Kind::Postgres ? numberPlaceholders(sql) : sql;
}

std::string SqlBackend::numberPlaceholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int next = 1;
  size_t i = 0;
  const size_t n = sql.size();
  while (i < n) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // literal or quoted identifier; doubled quote escapes
      const size_t start = i++;
      while (i < n) {
        if (sql[i] == c) {
          if (i + 1 < n && sql[i + 1] == c) {
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
      out.append(sql, start, i - start);
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {  // line comment
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string::npos ? n : end;
      out.append(sql, i, stop - i);
      i = stop;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {  // block comment
      const size_t end = sql.find("*/", i + 2);
      const size_t stop = end == std::string::npos ? n : end + 2;
      out.append(sql, i, stop - i);
      i = stop;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(next++);
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

SqlResult SqlBackend::executePostgres(Poco::Data::Session& session, const std::string& sql,
                                      const std::vector<SqlParam>& params) const {
  return driver_->execute(session, translate(sql), params);
}

std::string SqlBackend::translateDdl(const std::string& sql) const {
  return kind_ == Kind::Postgres ? postgresDdl(sql) : sql;
}

std::string SqlBackend::postgresDdl(const std::string& sql) {
  using std::regex_constants::icase;
  static const std::regex rowid(R"(\bINTEGER(\s+NOT\s+NULL)?\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?\b)",
                                icase);
  static const std::regex integer(R"(\bINTEGER\b)", icase);
  static const std::regex real(R"(\bREAL\b)", icase);
  static const std::regex blob(R"(\bBLOB\b)", icase);
  // Only outside string literals: DEFAULT 'INTEGER' stays as written.
  std::string out;
  size_t i = 0;
  while (i < sql.size()) {
    const size_t quote = sql.find('\'', i);
    std::string code = sql.substr(i, quote == std::string::npos ? std::string::npos : quote - i);
    code = std::regex_replace(code, rowid, "BIGSERIAL$1 PRIMARY KEY");
    code = std::regex_replace(code, integer, "BIGINT");
    code = std::regex_replace(code, real, "DOUBLE PRECISION");
    code = std::regex_replace(code, blob, "BYTEA");
    out += code;
    if (quote == std::string::npos) break;
    size_t end = quote + 1;
    while (end < sql.size()) {
      if (sql[end] == '\'' && end + 1 < sql.size() && sql[end + 1] == '\'') {
        end += 2;
        continue;
      }
      if (sql[end] == '\'') break;
      ++end;
    }
    end = std::min(end + 1, sql.size());
    out.append(sql, quote, end - quote);
    i = end;
  }
  return out;
}

std::string SqlBackend::beginStatement() const {
  // SQLite: IMMEDIATE takes the write lock up front, so two transactions cannot both read and
  // then deadlock on upgrading; they wait (busy timeout) or fail BUSY and the SDK retries.
  // PostgreSQL: SERIALIZABLE makes every read-modify-write across instances behave as if run
  // one after another; a conflicting one fails with 40001, mapped to BUSY, and the SDK's
  // transaction helper runs it again. Plugins need no row locks and no dialect knowledge.
  return kind_ == Kind::Sqlite ? "BEGIN IMMEDIATE" : "BEGIN ISOLATION LEVEL SERIALIZABLE";
}

std::string SqlBackend::migrationLockStatement() const {
  // One transaction-scoped advisory lock for all migrations: a second instance starting at the
  // same time waits, then sees the versions the first recorded (READ COMMITTED snapshots).
  return kind_ == Kind::Sqlite ? std::string() : "SELECT pg_advisory_xact_lock(7355608417)";
}

void SqlBackend::rethrowAsStorageError(const std::string& context) const {
  namespace S = Poco::Data::SQLite;
  const std::string prefix = context.empty() ? "" : context + ": ";
  try {
    if (driver_ != nullptr) driver_->rethrowPostgresError(prefix);
    throw;
  } catch (const StorageError&) {
    throw;
  } catch (const S::ConstraintViolationException& e) {
    throw StorageError(APIARY_DB_CONSTRAINT, prefix + e.displayText());
  } catch (const S::DBLockedException& e) {
    throw StorageError(APIARY_DB_BUSY, prefix + e.displayText());
  } catch (const S::TableLockedException& e) {
    throw StorageError(APIARY_DB_BUSY, prefix + e.displayText());
  } catch (const S::CantOpenDBFileException& e) {
    throw StorageError(APIARY_DB_UNAVAILABLE, prefix + e.displayText());
  } catch (const S::ReadOnlyException& e) {
    throw StorageError(APIARY_DB_UNAVAILABLE, prefix + e.displayText());
  } catch (const S::IOErrorException& e) {
    throw StorageError(APIARY_DB_UNAVAILABLE, prefix + e.displayText());
  } catch (const S::CorruptImageException& e) {
    throw StorageError(APIARY_DB_UNAVAILABLE, prefix + e.displayText());
  } catch (const S::DatabaseFullException& e) {
    throw StorageError(APIARY_DB_UNAVAILABLE, prefix + e.displayText());
  } catch (const S::DBAccessDeniedException& e) {
    throw StorageError(APIARY_DB_UNAVAILABLE, prefix + e.displayText());
  } catch (const S::InternalDBErrorException& e) {
    // SQLITE_NOTADB ("file is not a database") lands here.
    throw StorageError(APIARY_DB_UNAVAILABLE, prefix + e.displayText());
  } catch (const Poco::Data::ConnectionFailedException& e) {
    throw StorageError(APIARY_DB_UNAVAILABLE, prefix + e.displayText());
  } catch (const Poco::Data::NotConnectedException& e) {
    throw StorageError(APIARY_DB_UNAVAILABLE, prefix + e.displayText());
  } catch (const Poco::Exception& e) {
    throw StorageError(APIARY_DB_OTHER, prefix + e.displayText());
  } catch (const std::exception& e) {
    throw StorageError(APIARY_DB_OTHER, prefix + e.what());
  }
}

}  // namespace apiary
