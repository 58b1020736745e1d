#include "LibpqDriver.h"

#include "StorageError.h"

#include <apiary/abi.h>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <Poco/Data/Statement.h>

#include <libpq-fe.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <regex>

namespace apiary {
namespace {

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

std::string connectionString(const std::string& location, const std::string& display,
                             const StorageSettings& settings) {
  // Poco's connector takes "key=value ..." only: libpq parses the URL into its options. A
  // connect timeout keeps a dead server from hanging requests unless the URL sets one.
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(location.c_str(), &error);
  if (options == nullptr) {
    const std::string why = error ? error : "cannot parse the URL";
    PQfreemem(error);
    throw StorageError(APIARY_DB_UNAVAILABLE, "database " + display + ": " + why);
  }
  std::string out;
  bool timeout = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    const std::string value = o->val;
    if (value.find_first_of(" '\\") != std::string::npos) {
      PQconninfoFree(options);
      throw StorageError(APIARY_DB_UNAVAILABLE, "database " + display + ": option " + o->keyword +
                                                    " has a space, quote or backslash");
    }
    timeout = timeout || std::string(o->keyword) == "connect_timeout";
    out += std::string(out.empty() ? "" : " ") + o->keyword + "=" + value;
  }
  PQconninfoFree(options);
  if (!timeout)
    out += " connect_timeout=" + std::to_string(std::max(1, settings.connectTimeoutMs / 1000));
  return out;
}

}  // namespace

LibpqDriver::LibpqDriver() {
  Poco::Data::PostgreSQL::Connector::registerConnector();
}

std::unique_ptr<Poco::Data::Session> LibpqDriver::open(const std::string& location,
                                                       const std::string& display,
                                                       const StorageSettings& settings) const {
  // Poco 1.11 never PQfinish()es a connection that failed to open (its SessionHandle only
  // disconnects connected ones): every failed attempt while the server is down leaked a
  // socket and memory (thousands an hour with timers polling). libpq tries first and cleans
  // up; Poco opens only a server that just answered.
  const std::string conninfo = connectionString(location, display, settings);
  if (PGconn* probe = PQconnectdb(conninfo.c_str()); PQstatus(probe) != CONNECTION_OK) {
    std::string why = probe ? PQerrorMessage(probe) : "out of memory";
    PQfinish(probe);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    throw StorageError(APIARY_DB_UNAVAILABLE, "database " + display + ": " + why);
  } else {
    PQfinish(probe);
  }
  auto session = std::make_unique<Poco::Data::Session>("PostgreSQL", conninfo);
  if (PGconn* conn = pgConnection(*session)) PQsetErrorVerbosity(conn, PQERRORS_VERBOSE);
  // The busy timeout bounds lock waits, as SQLite's does; the statement timeout (0: none)
  // bounds everything else.
  run(*session, "SET client_min_messages = warning");  // no NOTICEs on stderr
  run(*session, "SET lock_timeout = " + std::to_string(settings.busyTimeoutMs));
  run(*session, "SET statement_timeout = " + std::to_string(settings.statementTimeoutMs));
  return session;
}

bool LibpqDriver::isHealthy(Poco::Data::Session& session) const {
  PGconn* conn = pgConnection(session);
  return conn != nullptr && PQstatus(conn) == CONNECTION_OK &&
         PQtransactionStatus(conn) == PQTRANS_IDLE;
}

SqlResult LibpqDriver::execute(Poco::Data::Session& session, const std::string& statement,
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

void LibpqDriver::rethrowPostgresError(const std::string& prefix) const {
  namespace P = Poco::Data::PostgreSQL;
  try {
    throw;
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
  }
}

}  // namespace apiary

const apiary::PostgresDriver* apiary_postgres_driver() {
  static const apiary::LibpqDriver driver;
  return &driver;
}
