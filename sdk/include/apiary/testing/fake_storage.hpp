// SQLite storage for the fake host (link SQLite3, e.g. CMake's SQLite::SQLite3). Same contract
// as the daemon's: '?' parameters, typed cells, APIARY_DB_* error kinds, migrations recorded in
// apiary_migrations and applied all-or-nothing. One connection behind a mutex: a transaction
// holds it until commit or rollback, so autocommit statements from other threads wait.
#pragma once

#include <apiary/abi.h>

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace apiary::testing {

class FakeStorage {
 public:
  struct Cell {
    int32_t type = APIARY_VALUE_NULL;
    int64_t int64 = 0;
    double real = 0;
    std::string bytes;
  };
  struct Result {
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;
    int64_t affected = 0;
  };
  struct Txn {
    FakeStorage* owner;
    std::unique_lock<std::mutex> lock;
  };
  struct Failure {
    int32_t kind;
    std::string message;
  };

  // path: a file, or ":memory:" (default).
  explicit FakeStorage(const std::string& path = ":memory:") {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("FakeStorage: cannot open " + path + ": " + why);
    }
    sqlite3_busy_timeout(db_, 5000);
    sqlite3_exec(db_, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  }
  ~FakeStorage() { sqlite3_close(db_); }
  FakeStorage(const FakeStorage&) = delete;
  FakeStorage& operator=(const FakeStorage&) = delete;

  // Returns APIARY_DB_OK or a kind, with the message in failure.
  int32_t execute(Txn* txn, const std::string& sql, const apiary_value* params, size_t count,
                  Result& out, std::string& failure) {
    std::unique_lock<std::mutex> own;
    if (txn == nullptr) own = std::unique_lock<std::mutex>(mutex_);
    return run(sql, params, count, out, failure);
  }

  int32_t begin(std::unique_ptr<Txn>& txn, std::string& failure) {
    auto t = std::make_unique<Txn>(Txn{this, std::unique_lock<std::mutex>(mutex_)});
    Result ignored;
    const int32_t rc = run("BEGIN IMMEDIATE", nullptr, 0, ignored, failure);
    if (rc == APIARY_DB_OK) txn = std::move(t);
    return rc;
  }
  int32_t commit(std::unique_ptr<Txn> txn, std::string& failure) {
    Result ignored;
    const int32_t rc = run("COMMIT", nullptr, 0, ignored, failure);
    if (rc != APIARY_DB_OK) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    txn.reset();  // releases the connection to other threads
    return rc;
  }
  void rollback(std::unique_ptr<Txn>) { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

  int32_t migrate(const std::string& schema, const apiary_migration* steps, size_t count,
                  std::string& failure) {
    std::lock_guard lock(mutex_);
    Result r;
    int32_t rc = run(
        "CREATE TABLE IF NOT EXISTS apiary_migrations (schema_name TEXT NOT NULL, version "
        "INTEGER NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY "
        "(schema_name, version))",
        nullptr, 0, r, failure);
    if (rc != APIARY_DB_OK) return rc;
    if ((rc = run("BEGIN IMMEDIATE", nullptr, 0, r, failure)) != APIARY_DB_OK) return rc;
    apiary_value name{APIARY_VALUE_TEXT, 0, 0, {schema.data(), schema.size()}};
    rc = run("SELECT COALESCE(MAX(version), 0) FROM apiary_migrations WHERE schema_name = ?",
             &name, 1, r, failure);
    const int64_t current = rc == APIARY_DB_OK ? r.rows.at(0).at(0).int64 : 0;
    int64_t previous = 0;
    for (size_t i = 0; rc == APIARY_DB_OK && i < count; ++i) {
      const apiary_migration& m = steps[i];
      if (m.version <= previous) {
        failure = "migration versions must be positive and strictly increasing";
        rc = APIARY_DB_OTHER;
        break;
      }
      previous = m.version;
      if (m.version <= current) continue;
      for (size_t j = 0; rc == APIARY_DB_OK && j < m.statement_count; ++j) {
        rc = run(std::string(m.statements[j].data, m.statements[j].size), nullptr, 0, r, failure);
        if (rc != APIARY_DB_OK)
          failure = "migration " + schema + " v" + std::to_string(m.version) + " statement " +
                    std::to_string(j + 1) + " failed: " + failure;
      }
      if (rc != APIARY_DB_OK) break;
      const apiary_value row[] = {name,
                                  {APIARY_VALUE_INT64, m.version, 0, {nullptr, 0}},
                                  {APIARY_VALUE_TEXT, 0, 0, m.description},
                                  {APIARY_VALUE_TEXT, 0, 0, {"fake", 4}}};
      rc = run("INSERT INTO apiary_migrations VALUES (?, ?, ?, ?)", row, 4, r, failure);
    }
    std::string ignored;
    run(rc == APIARY_DB_OK ? "COMMIT" : "ROLLBACK", nullptr, 0, r, ignored);
    return rc;
  }

 private:
  static int32_t kindOf(int rc) {
    switch (rc & 0xFF) {
      case SQLITE_CONSTRAINT: return APIARY_DB_CONSTRAINT;
      case SQLITE_BUSY:
      case SQLITE_LOCKED: return APIARY_DB_BUSY;
      case SQLITE_CANTOPEN:
      case SQLITE_READONLY:
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
      case SQLITE_FULL:
      case SQLITE_IOERR:
      case SQLITE_PERM: return APIARY_DB_UNAVAILABLE;
      default: return APIARY_DB_OTHER;
    }
  }

  int32_t run(const std::string& sql, const apiary_value* params, size_t count, Result& out,
              std::string& failure) {
    out = Result{};
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
      failure = sqlite3_errmsg(db_);
      return kindOf(rc);
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(stmt, sqlite3_finalize);
    if (static_cast<size_t>(sqlite3_bind_parameter_count(stmt)) != count) {
      failure = "statement has " + std::to_string(sqlite3_bind_parameter_count(stmt)) +
                " parameters, " + std::to_string(count) + " given";
      return APIARY_DB_OTHER;
    }
    for (size_t i = 0; i < count; ++i) {
      const int pos = static_cast<int>(i + 1);
      const apiary_value& v = params[i];
      switch (v.type) {
        case APIARY_VALUE_INT64: sqlite3_bind_int64(stmt, pos, v.int64); break;
        case APIARY_VALUE_DOUBLE: sqlite3_bind_double(stmt, pos, v.real); break;
        case APIARY_VALUE_TEXT:
          sqlite3_bind_text(stmt, pos, v.bytes.data ? v.bytes.data : "",
                            static_cast<int>(v.bytes.size), SQLITE_TRANSIENT);
          break;
        case APIARY_VALUE_BLOB:
          sqlite3_bind_blob(stmt, pos, v.bytes.data, static_cast<int>(v.bytes.size),
                            SQLITE_TRANSIENT);
          break;
        default: sqlite3_bind_null(stmt, pos); break;
      }
    }
    const int cols = sqlite3_column_count(stmt);
    for (int c = 0; c < cols; ++c) out.columns.emplace_back(sqlite3_column_name(stmt, c));
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      auto& row = out.rows.emplace_back();
      for (int c = 0; c < cols; ++c) {
        Cell cell;
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER:
            cell.type = APIARY_VALUE_INT64;
            cell.int64 = sqlite3_column_int64(stmt, c);
            break;
          case SQLITE_FLOAT:
            cell.type = APIARY_VALUE_DOUBLE;
            cell.real = sqlite3_column_double(stmt, c);
            break;
          case SQLITE_TEXT:
            cell.type = APIARY_VALUE_TEXT;
            cell.bytes.assign(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                              static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
            break;
          case SQLITE_BLOB:
            cell.type = APIARY_VALUE_BLOB;
            cell.bytes.assign(static_cast<const char*>(sqlite3_column_blob(stmt, c)),
                              static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
            break;
          default: break;
        }
        row.push_back(std::move(cell));
      }
    }
    if (rc != SQLITE_DONE) {
      failure = sqlite3_errmsg(db_);
      return kindOf(sqlite3_extended_errcode(db_));
    }
    if (cols == 0) out.affected = sqlite3_changes(db_);
    return APIARY_DB_OK;
  }

  sqlite3* db_ = nullptr;
  std::mutex mutex_;
};

}  // namespace apiary::testing
