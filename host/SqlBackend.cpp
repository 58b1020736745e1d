#include "SqlBackend.h"

#include "StorageError.h"

#include <apiary/abi.h>

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Statement.h>

#include <libpq-fe.h>

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
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
  });
}

void run(Poco::Data::Session& session, const std::string& sql) {
  Poco::Data::Statement stmt(session);
  stmt << sql;
  stmt.execute();
}

PGconn* pgConnection(Poco::Data::Session& session) {
  auto* impl = dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(session.impl());
  return impl == nullptr ? nullptr : static_cast<PGconn*>(impl->handle());
}

// The SQLSTATE of a PostgreSQL error: connections are set to verbose error messages, which
// Poco passes on as "... ERROR:  23505: duplicate key ...".
std::string sqlState(const std::string& message) {
  static const std::regex code(R"((?:ERROR|FATAL|PANIC):\s+([0-9A-Z]{5}):)");
  std::smatch m;
  return std::regex_search(message, m, code) ? m[1].str() : std::string();
}

int32_t postgresKind(const std::string& state) {
  if (state.rfind("23", 0) == 0) return APIARY_DB_CONSTRAINT;  // integrity violations
  // Serialization failure and deadlock: the transaction can be run again; lock_timeout.
  if (state == "40001" || state == "40P01" || state == "55P03") return APIARY_DB_BUSY;
  // Connection exceptions, server shutdown/restart, out of resources.
  if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0 || state.rfind("53", 0) == 0)
    return APIARY_DB_UNAVAILABLE;
  return APIARY_DB_OTHER;
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
    // postgresql://user:secret@host/db -> postgresql://user:***@host/db
    static const std::regex password(R"(^(postgres(?:ql)?://[^:/@?]*):[^@/?]*@)");
    display_ = std::regex_replace(location_, password, "$1:***@");
  }
}

std::string SqlBackend::connectionString() const {
  // Poco's connector takes "key=value ..." only: libpq parses the URL into its options. A
  // connect timeout keeps a dead server from hanging requests unless the URL sets one.
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(location_.c_str(), &error);
  if (options == nullptr) {
    const std::string why = error ? error : "cannot parse the URL";
    PQfreemem(error);
    throw StorageError(APIARY_DB_UNAVAILABLE, "database " + display_ + ": " + why);
  }
  std::string out;
  bool timeout = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    const std::string value = o->val;
    if (value.find_first_of(" '\\") != std::string::npos) {
      PQconninfoFree(options);
      throw StorageError(APIARY_DB_UNAVAILABLE, "database " + display_ + ": option " + o->keyword +
                                                    " has a space, quote or backslash");
    }
    timeout = timeout || std::string(o->keyword) == "connect_timeout";
    out += std::string(out.empty() ? "" : " ") + o->keyword + "=" + value;
  }
  PQconninfoFree(options);
  if (!timeout)
    out += " connect_timeout=" + std::to_string(std::max(1, settings_.connectTimeoutMs / 1000));
  return out;
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
    // Poco 1.11 never PQfinish()es a connection that failed to open (its SessionHandle only
    // disconnects connected ones): every failed attempt while the server is down leaked a
    // socket and memory (thousands an hour with timers polling). libpq tries first and cleans
    // up; Poco opens only a server that just answered.
    const std::string conninfo = connectionString();
    if (PGconn* probe = PQconnectdb(conninfo.c_str()); PQstatus(probe) != CONNECTION_OK) {
      std::string why = probe ? PQerrorMessage(probe) : "out of memory";
      PQfinish(probe);
      while (!why.empty() && why.back() == '\n') why.pop_back();
      throw StorageError(APIARY_DB_UNAVAILABLE, "database " + display_ + ": " + why);
    } else {
      PQfinish(probe);
    }
    auto session = std::make_unique<Poco::Data::Session>("PostgreSQL", conninfo);
    if (PGconn* conn = pgConnection(*session)) PQsetErrorVerbosity(conn, PQERRORS_VERBOSE);
    // The busy timeout bounds lock waits, as SQLite's does; the statement timeout (0: none)
    // bounds everything else.
    run(*session, "SET client_min_messages = warning");  // no NOTICEs on stderr
    run(*session, "SET lock_timeout = " + std::to_string(settings_.busyTimeoutMs));
    run(*session, "SET statement_timeout = " + std::to_string(settings_.statementTimeoutMs));
    return session;
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
  if (kind_ == Kind::Sqlite) return true;
  PGconn* conn = pgConnection(session);
  return conn != nullptr && PQstatus(conn) == CONNECTION_OK &&
         PQtransactionStatus(conn) == PQTRANS_IDLE;
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
  PGconn* conn = pgConnection(session);
  if (conn == nullptr) throw StorageError(APIARY_DB_OTHER, "not a PostgreSQL connection");
  constexpr Oid kUnknown = 0, kInt8 = 20, kFloat8 = 701, kBytea = 17;
  const size_t n = params.size();
  std::vector<Oid> types(n, kUnknown);
  std::vector<std::string> text(n);
  std::vector<const char*> values(n, nullptr);
  std::vector<int> lengths(n, 0), formats(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const SqlParam& p = params[i];
    switch (p.type) {
      case APIARY_VALUE_NULL: continue;
      case APIARY_VALUE_INT64:
        types[i] = kInt8;
        text[i] = std::to_string(p.int64);
        break;
      case APIARY_VALUE_DOUBLE: {
        types[i] = kFloat8;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", p.real);
        text[i] = buf;
        break;
      }
      case APIARY_VALUE_TEXT: text[i] = p.bytes; break;  // type inferred from the context
      case APIARY_VALUE_BLOB:
        types[i] = kBytea;
        formats[i] = 1;  // binary: the bytes as they are
        lengths[i] = static_cast<int>(p.bytes.size());
        values[i] = p.bytes.data();
        continue;
      default: throw StorageError(APIARY_DB_OTHER, "unknown parameter type");
    }
    values[i] = text[i].c_str();
  }
  const std::string statement = translate(sql);
  PGresult* res = PQexecParams(conn, statement.c_str(), static_cast<int>(n), types.data(),
                               values.data(), lengths.data(), formats.data(), 0);
  const auto status = res == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    // Both copied before PQclear frees the result they point into.
    const char* stateField = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::optional<std::string> state =
        stateField ? std::optional<std::string>(stateField) : std::nullopt;
    std::string message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
    if (res) PQclear(res);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    // No SQLSTATE, or the connection is gone: the server is unreachable (restart, network).
    const int32_t kind =
        (!state || PQstatus(conn) != CONNECTION_OK) ? APIARY_DB_UNAVAILABLE : postgresKind(*state);
    throw StorageError(kind, message);
  }
  // COMMIT of a transaction an earlier statement aborted "succeeds" as ROLLBACK: say so, as
  // SQLite would fail the commit, so nothing reports a write that did not happen.
  if (statement == "COMMIT" && std::string(PQcmdStatus(res)) == "ROLLBACK") {
    PQclear(res);
    throw StorageError(APIARY_DB_OTHER,
                       "the transaction was aborted by an earlier error and "
                       "has been rolled back");
  }
  SqlResult result;
  const int cols = PQnfields(res);
  if (status == PGRES_TUPLES_OK && cols > 0) {
    const int rows = PQntuples(res);
    for (int c = 0; c < cols; ++c) result.columns.emplace_back(PQfname(res, c));
    result.rows.resize(static_cast<size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      auto& row = result.rows[static_cast<size_t>(r)];
      row.resize(static_cast<size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        SqlCell& cell = row[static_cast<size_t>(c)];
        if (PQgetisnull(res, r, c)) continue;  // APIARY_VALUE_NULL
        const char* v = PQgetvalue(res, r, c);
        switch (PQftype(res, c)) {
          case 16:  // bool
            cell.type = APIARY_VALUE_INT64;
            cell.int64 = v[0] == 't' ? 1 : 0;
            break;
          case 20:
          case 21:
          case 23:  // int8, int2, int4
            cell.type = APIARY_VALUE_INT64;
            cell.int64 = std::strtoll(v, nullptr, 10);
            break;
          case 700:
          case 701:  // float4, float8 (shortest exact text since PostgreSQL 12)
            cell.type = APIARY_VALUE_DOUBLE;
            cell.real = std::strtod(v, nullptr);
            break;
          case kBytea: {
            size_t len = 0;
            unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &len);
            cell.type = APIARY_VALUE_BLOB;
            if (raw) cell.bytes.assign(reinterpret_cast<const char*>(raw), len);
            PQfreemem(raw);
            break;
          }
          default:  // text, varchar, numeric, timestamps...: text, as SQLite's untyped columns
            cell.type = APIARY_VALUE_TEXT;
            cell.bytes.assign(v, static_cast<size_t>(PQgetlength(res, r, c)));
        }
      }
    }
  } else {
    const char* affected = PQcmdTuples(res);
    result.affectedRows = (affected && *affected) ? std::strtoll(affected, nullptr, 10) : 0;
  }
  PQclear(res);
  return result;
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
  namespace P = Poco::Data::PostgreSQL;
  const std::string prefix = context.empty() ? "" : context + ": ";
  try {
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
  } catch (const P::ConnectionException& e) {
    throw StorageError(APIARY_DB_UNAVAILABLE, prefix + e.displayText());
  } catch (const P::PostgreSQLException& e) {
    const std::string state = sqlState(e.displayText());
    // No SQLSTATE in the message: the server went away mid-statement.
    const bool lost =
        state.empty() && (e.displayText().find("server closed") != std::string::npos ||
                          e.displayText().find("connection") != std::string::npos);
    throw StorageError(lost ? APIARY_DB_UNAVAILABLE : postgresKind(state),
                       prefix + e.displayText());
  } catch (const Poco::Exception& e) {
    throw StorageError(APIARY_DB_OTHER, prefix + e.displayText());
  } catch (const std::exception& e) {
    throw StorageError(APIARY_DB_OTHER, prefix + e.what());
  }
}

}  // namespace apiary
