#include "SqlDatabase.h"

#include "StorageError.h"

#include <apiary/abi.h>

#include <Poco/Data/DataException.h>
#include <Poco/Data/LOB.h>
#include <Poco/Data/MetaColumn.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <chrono>
#include <mutex>
#include <optional>

namespace apiary {
namespace {

using namespace Poco::Data::Keywords;

void bindParams(Poco::Data::Statement& stmt, const std::vector<SqlParam>& params) {
  for (const auto& p : params) {
    switch (p.type) {
      case APIARY_VALUE_NULL: stmt.addBind(bind(Poco::Nullable<Poco::Int64>())); break;
      case APIARY_VALUE_INT64: stmt.addBind(bind(static_cast<Poco::Int64>(p.int64))); break;
      case APIARY_VALUE_DOUBLE: stmt.addBind(bind(p.real)); break;
      case APIARY_VALUE_TEXT: stmt.addBind(bind(p.bytes)); break;
      case APIARY_VALUE_BLOB:
        stmt.addBind(bind(Poco::Data::BLOB(reinterpret_cast<const unsigned char*>(p.bytes.data()),
                                           p.bytes.size())));
        break;
      default: throw StorageError(APIARY_DB_OTHER, "unknown parameter type");
    }
  }
}

SqlCell toCell(const Poco::Data::RecordSet& rs, size_t col, size_t row) {
  SqlCell cell;
  if (rs.isNull(col, row)) return cell;  // APIARY_VALUE_NULL
  const Poco::Dynamic::Var& v = rs.value(col, row);
  using MC = Poco::Data::MetaColumn;
  switch (rs.columnType(col)) {
    case MC::FDT_BOOL:
    case MC::FDT_INT8:
    case MC::FDT_UINT8:
    case MC::FDT_INT16:
    case MC::FDT_UINT16:
    case MC::FDT_INT32:
    case MC::FDT_UINT32:
    case MC::FDT_INT64:
    case MC::FDT_UINT64:
      cell.type = APIARY_VALUE_INT64;
      cell.int64 = v.convert<Poco::Int64>();
      break;
    case MC::FDT_FLOAT:
    case MC::FDT_DOUBLE:
      cell.type = APIARY_VALUE_DOUBLE;
      cell.real = v.convert<double>();
      break;
    case MC::FDT_BLOB: {
      cell.type = APIARY_VALUE_BLOB;
      const auto& blob = v.extract<Poco::Data::BLOB>();
      cell.bytes.assign(reinterpret_cast<const char*>(blob.rawContent()), blob.size());
      break;
    }
    default:
      // Untyped expression columns (COUNT(*), MAX(x)) arrive as text; the SDK's typed getters
      // convert numeric text.
      cell.type = APIARY_VALUE_TEXT;
      cell.bytes = v.convert<std::string>();
      break;
  }
  return cell;
}

}  // namespace

SqlDatabase::Lease::~Lease() {
  if (session_) db_->giveBack(std::move(session_));
}

SqlDatabase::SqlDatabase(std::string location, const StorageSettings& settings)
    : path_(std::move(location)), settings_(settings), backend_(path_, settings_) {
  // Open one session now and touch the schema so a bad file or server fails startup, not a
  // request.
  auto first = backend_.open();
  backend_.checkUsable(*first);
  std::lock_guard lock(mutex_);
  ++open_;
  idle_.push_back(std::move(first));
}

SqlDatabase::~SqlDatabase() = default;

SqlDatabase::Lease SqlDatabase::lease() {
  std::unique_lock lock(mutex_);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.acquireTimeoutMs);
  while (idle_.empty()) {
    if (open_ < settings_.poolSize) {
      ++open_;
      lock.unlock();
      try {
        return Lease(*this, backend_.open());
      } catch (...) {
        std::lock_guard relock(mutex_);
        --open_;
        throw;
      }
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty())
      throw StorageError(APIARY_DB_BUSY, "no free database connection within " +
                                             std::to_string(settings_.acquireTimeoutMs) + " ms");
  }
  auto session = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(session));
}

void SqlDatabase::giveBack(std::unique_ptr<Poco::Data::Session> session) {
  // A connection the server dropped (restart, failover) or left inside a transaction is
  // closed here; the next lease opens a fresh one, so apiary recovers without a restart.
  const bool healthy = backend_.isHealthy(*session);
  if (!healthy) session.reset();
  {
    std::lock_guard lock(mutex_);
    if (healthy)
      idle_.push_back(std::move(session));
    else
      --open_;
  }
  available_.notify_one();
}

SqlResult SqlDatabase::execute(Lease* lease, const std::string& sql,
                               const std::vector<SqlParam>& params) {
  std::optional<Lease> own;
  if (lease == nullptr) lease = &own.emplace(this->lease());
  if (backend_.kind() == SqlBackend::Kind::Postgres)
    return backend_.executePostgres(lease->session(), sql, params);
  SqlResult result;
  try {
    Poco::Data::Statement stmt(lease->session());
    stmt << backend_.translate(sql);
    bindParams(stmt, params);
    const size_t affected = stmt.execute();
    if (stmt.columnsExtracted() > 0) {
      Poco::Data::RecordSet rs(stmt);
      const size_t cols = rs.columnCount();
      const size_t rows = rs.rowCount();
      result.columns.reserve(cols);
      for (size_t c = 0; c < cols; ++c) result.columns.push_back(rs.columnName(c));
      result.rows.resize(rows);
      for (size_t r = 0; r < rows; ++r) {
        result.rows[r].reserve(cols);
        for (size_t c = 0; c < cols; ++c) result.rows[r].push_back(toCell(rs, c, r));
      }
    } else {
      result.affectedRows = static_cast<int64_t>(affected);
    }
  } catch (...) {
    rethrowAsStorageError("");
  }
  return result;
}

void SqlDatabase::begin(Lease& lease) {
  try {
    execute(&lease, backend_.beginStatement(), {});
  } catch (const StorageError& e) {
    throw StorageError(e.kind(), std::string("begin: ") + e.what());
  }
}

void SqlDatabase::commit(Lease& lease) {
  try {
    execute(&lease, "COMMIT", {});
  } catch (const StorageError& e) {
    // SERIALIZABLE conflicts may surface only here (40001, BUSY): the caller runs it again.
    rollback(lease);
    throw StorageError(e.kind(), std::string("commit: ") + e.what());
  }
}

void SqlDatabase::rollback(Lease& lease) noexcept {
  try {
    execute(&lease, "ROLLBACK", {});
  } catch (...) {
    // No transaction open (already rolled back by SQLite): nothing to undo.
  }
}

int SqlDatabase::migrate(const std::string& schema, const std::vector<MigrationStep>& steps) {
  Lease lease = this->lease();
  const std::string migrationsTable =
      "CREATE TABLE IF NOT EXISTS apiary_migrations (schema_name TEXT NOT NULL, version BIGINT "
      "NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY "
      "(schema_name, version))";
  const std::string lock = backend_.migrationLockStatement();
  if (lock.empty()) {
    execute(&lease, migrationsTable, {});
    begin(lease);
  } else {
    // PostgreSQL: READ COMMITTED under an advisory lock, so an instance that waited for
    // another's migrations reads the versions it recorded (a SERIALIZABLE snapshot would not),
    // and two instances cannot race on creating the table.
    execute(&lease, "BEGIN", {});
  }
  int applied = 0;
  int64_t current = 0;
  try {
    if (!lock.empty()) {
      execute(&lease, lock, {});
      execute(&lease, migrationsTable, {});
    }
    SqlParam name{APIARY_VALUE_TEXT, 0, 0, schema};
    const SqlResult r = execute(
        &lease, "SELECT COALESCE(MAX(version), 0) FROM apiary_migrations WHERE schema_name = ?",
        {name});
    const SqlCell& cell = r.rows.at(0).at(0);
    current = cell.type == APIARY_VALUE_INT64 ? cell.int64 : std::stoll(cell.bytes);
    for (const auto& step : steps) {
      if (step.version <= current) continue;
      for (size_t i = 0; i < step.statements.size(); ++i) {
        try {
          execute(&lease, backend_.translateDdl(step.statements[i]), {});
        } catch (const StorageError& e) {
          throw StorageError(e.kind(), "migration " + schema + " v" + std::to_string(step.version) +
                                           " (" + step.description + ") statement " +
                                           std::to_string(i + 1) + " failed: " + e.what());
        }
      }
      execute(
          &lease,
          "INSERT INTO apiary_migrations (schema_name, version, description, applied_at) "
          "VALUES (?, ?, ?, ?)",
          {name, SqlParam{APIARY_VALUE_INT64, step.version, 0, {}},
           SqlParam{APIARY_VALUE_TEXT, 0, 0, step.description},
           SqlParam{APIARY_VALUE_TEXT, 0, 0,
                    Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ")}});
      ++applied;
    }
    commit(lease);
  } catch (...) {
    rollback(lease);
    throw;
  }
  return applied;
}

}  // namespace apiary
