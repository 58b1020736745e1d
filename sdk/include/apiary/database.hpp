// SQL storage for plugins over the ABI: the same code runs on the host's SQLite file and, later,
// on PostgreSQL. Write portable SQL with '?' placeholders (the host translates them); use
// RETURNING instead of last-insert-id; never call backend-specific functions.
//
//   auto rows = database().execute("SELECT name, hits FROM greetings WHERE name = ?", {name});
//   if (!rows.empty()) hits = rows[0].int64("hits");
//   database().transaction([&](apiary::Transaction& tx) {
//     tx.execute("INSERT INTO greetings (name, hits) VALUES (?, 1) "
//                "ON CONFLICT (name) DO UPDATE SET hits = hits + 1", {name});
//   });
//
// Errors throw DbError with a portable kind: isConstraint() (a 409), isBusy() or
// isUnavailable() (a 503); anything else is a bug (500).
#pragma once

#include <apiary/host_api.hpp>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace apiary {

class DbError : public std::runtime_error {
 public:
  DbError(int32_t kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  int32_t kind() const { return kind_; }
  bool isConstraint() const { return kind_ == APIARY_DB_CONSTRAINT; }
  bool isBusy() const { return kind_ == APIARY_DB_BUSY; }
  bool isUnavailable() const { return kind_ == APIARY_DB_UNAVAILABLE; }
  bool isNotFound() const { return kind_ == APIARY_DB_NOT_FOUND; }

 private:
  int32_t kind_;
};

// Binary data, to bind as a BLOB rather than TEXT.
struct Blob {
  std::string bytes;
};

// A bound parameter.
class Value {
 public:
  Value(std::nullptr_t) {}
  template <class Integer,
            std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
  Value(Integer v) {
    raw_.type = APIARY_VALUE_INT64;
    raw_.int64 = static_cast<int64_t>(v);
  }
  Value(bool v) {
    raw_.type = APIARY_VALUE_INT64;
    raw_.int64 = v ? 1 : 0;
  }
  Value(double v) {
    raw_.type = APIARY_VALUE_DOUBLE;
    raw_.real = v;
  }
  Value(std::string v) : bytes_(std::move(v)) { raw_.type = APIARY_VALUE_TEXT; }
  Value(std::string_view v) : Value(std::string(v)) {}
  Value(const char* v) : Value(std::string(v)) {}
  Value(Blob v) : bytes_(std::move(v.bytes)) { raw_.type = APIARY_VALUE_BLOB; }

  // The ABI view; valid while this Value lives.
  apiary_value raw() const {
    apiary_value v = raw_;
    v.bytes = toStr(bytes_);
    return v;
  }

 private:
  apiary_value raw_{APIARY_VALUE_NULL, 0, 0.0, {nullptr, 0}};
  std::string bytes_;
};

// One row of a ResultSet; valid while the ResultSet lives. Columns by index or name.
class Row {
 public:
  Row(const apiary_db_result* result, size_t row) : result_(result), row_(row) {}

  bool isNull(size_t col) const { return cell(col).type == APIARY_VALUE_NULL; }
  // Integers; numeric text (untyped expression columns) and whole doubles convert.
  int64_t int64(size_t col) const {
    const apiary_value v = cell(col);
    switch (v.type) {
      case APIARY_VALUE_INT64: return v.int64;
      case APIARY_VALUE_DOUBLE: return static_cast<int64_t>(v.real);
      case APIARY_VALUE_TEXT: return std::stoll(std::string(toView(v.bytes)));
      default: throw DbError(APIARY_DB_OTHER, "column " + std::to_string(col) + " is not an integer");
    }
  }
  double real(size_t col) const {
    const apiary_value v = cell(col);
    switch (v.type) {
      case APIARY_VALUE_DOUBLE: return v.real;
      case APIARY_VALUE_INT64: return static_cast<double>(v.int64);
      case APIARY_VALUE_TEXT: return std::stod(std::string(toView(v.bytes)));
      default: throw DbError(APIARY_DB_OTHER, "column " + std::to_string(col) + " is not a number");
    }
  }
  // Text (numbers are formatted); NULL is "".
  std::string text(size_t col) const {
    const apiary_value v = cell(col);
    switch (v.type) {
      case APIARY_VALUE_INT64: return std::to_string(v.int64);
      case APIARY_VALUE_DOUBLE: return std::to_string(v.real);
      default: return std::string(toView(v.bytes));
    }
  }
  std::string blob(size_t col) const { return std::string(toView(cell(col).bytes)); }

  bool isNull(std::string_view name) const { return isNull(index(name)); }
  int64_t int64(std::string_view name) const { return int64(index(name)); }
  double real(std::string_view name) const { return real(index(name)); }
  std::string text(std::string_view name) const { return text(index(name)); }
  std::string blob(std::string_view name) const { return blob(index(name)); }

  size_t index(std::string_view name) const {
    const size_t n = host().db_result_column_count(result_);
    for (size_t i = 0; i < n; ++i)
      if (toView(host().db_result_column_name(result_, i)) == name) return i;
    throw DbError(APIARY_DB_OTHER, "no column named " + std::string(name));
  }

 private:
  apiary_value cell(size_t col) const {
    apiary_value v{};
    if (host().db_result_value(result_, row_, col, &v) == 0)
      throw DbError(APIARY_DB_OTHER, "column " + std::to_string(col) + " out of range");
    return v;
  }

  const apiary_db_result* result_;
  size_t row_;
};

// The rows (or the affected-row count) of one statement. Owns the host's result.
class ResultSet {
 public:
  explicit ResultSet(apiary_db_result* raw) : raw_(raw) {}
  ResultSet(ResultSet&& o) noexcept : raw_(o.raw_) { o.raw_ = nullptr; }
  ResultSet& operator=(ResultSet&& o) noexcept {
    std::swap(raw_, o.raw_);
    return *this;
  }
  ResultSet(const ResultSet&) = delete;
  ResultSet& operator=(const ResultSet&) = delete;
  ~ResultSet() {
    if (raw_ != nullptr) host().db_result_free(raw_);
  }

  size_t size() const { return host().db_result_row_count(raw_); }
  bool empty() const { return size() == 0; }
  Row operator[](size_t row) const { return Row(raw_, row); }
  int64_t affectedRows() const { return host().db_result_affected_rows(raw_); }
  std::vector<std::string> columns() const {
    std::vector<std::string> names;
    for (size_t i = 0; i < host().db_result_column_count(raw_); ++i)
      names.emplace_back(toView(host().db_result_column_name(raw_, i)));
    return names;
  }

 private:
  apiary_db_result* raw_;
};

namespace detail {

inline ResultSet execute(apiary_plugin_ctx* ctx, apiary_db_txn* txn, std::string_view sql,
                         std::span<const Value> params) {
  std::vector<apiary_value> raw;
  raw.reserve(params.size());
  for (const Value& v : params) raw.push_back(v.raw());
  ErrorBuffer err;
  apiary_db_result* result = nullptr;
  const int32_t rc =
      host().db_execute(ctx, txn, toStr(sql), raw.data(), raw.size(), &result, err.get());
  if (rc != APIARY_DB_OK) throw DbError(rc, err.message());
  return ResultSet(result);
}

}  // namespace detail

// Statements inside one transaction; only valid inside Database::transaction.
class Transaction {
 public:
  Transaction(apiary_plugin_ctx* ctx, apiary_db_txn* txn) : ctx_(ctx), txn_(txn) {}
  ResultSet execute(std::string_view sql, std::initializer_list<Value> params = {}) const {
    return detail::execute(ctx_, txn_, sql, std::span<const Value>(params.begin(), params.size()));
  }
  // A parameter list built at run time (IN lists, optional filters).
  ResultSet execute(std::string_view sql, const std::vector<Value>& params) const {
    return detail::execute(ctx_, txn_, sql, params);
  }

 private:
  apiary_plugin_ctx* ctx_;
  apiary_db_txn* txn_;
};

struct Migration {
  int64_t version;  // > 0, strictly increasing
  std::string description;
  std::vector<std::string> statements;
};

class Database {
 public:
  explicit Database(apiary_plugin_ctx* ctx) : ctx_(ctx) {}

  // One statement in autocommit mode. Throws DbError.
  ResultSet execute(std::string_view sql, std::initializer_list<Value> params = {}) const {
    return detail::execute(ctx_, nullptr, sql, std::span<const Value>(params.begin(), params.size()));
  }
  // A parameter list built at run time (IN lists, optional filters).
  ResultSet execute(std::string_view sql, const std::vector<Value>& params) const {
    return detail::execute(ctx_, nullptr, sql, params);
  }

  // Runs fn(Transaction&) in a write transaction and commits. If fn throws, rolls back and
  // rethrows. A BUSY failure (lock contention) re-runs fn from the start, up to maxAttempts
  // times with growing pauses, so fn must be safe to repeat (no side effects outside the
  // database). Returns what fn returns.
  template <class Fn>
  auto transaction(Fn&& fn, int maxAttempts = 5) const {
    for (int attempt = 1;; ++attempt) {
      try {
        return runOnce(fn);
      } catch (const DbError& e) {
        if (!e.isBusy() || attempt >= maxAttempts) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
      }
    }
  }

  // Applies pending steps of schema (see Plugin::migrations, which calls this at start).
  void migrate(std::string_view schema, const std::vector<Migration>& steps) const {
    std::vector<std::vector<apiary_str>> statements;
    std::vector<apiary_migration> raw;
    statements.reserve(steps.size());
    for (const auto& m : steps) {
      auto& list = statements.emplace_back();
      for (const auto& s : m.statements) list.push_back(toStr(s));
      raw.push_back(apiary_migration{sizeof(apiary_migration), m.version, toStr(m.description),
                                     list.data(), list.size()});
    }
    detail::ErrorBuffer err;
    const int32_t rc = host().db_migrate(ctx_, toStr(schema), raw.data(), raw.size(), err.get());
    if (rc != APIARY_DB_OK) throw DbError(rc, err.message());
  }

 private:
  template <class Fn>
  auto runOnce(Fn& fn) const {
    apiary_db_txn* txn = nullptr;
    {
      detail::ErrorBuffer err;
      const int32_t rc = host().db_begin(ctx_, &txn, err.get());
      if (rc != APIARY_DB_OK) throw DbError(rc, err.message());
    }
    Transaction tx(ctx_, txn);
    bool released = false;  // db_commit releases txn whatever its outcome
    auto commit = [&] {
      detail::ErrorBuffer err;
      released = true;
      const int32_t rc = host().db_commit(txn, err.get());
      if (rc != APIARY_DB_OK) throw DbError(rc, err.message());
    };
    try {
      if constexpr (std::is_void_v<decltype(fn(tx))>) {
        fn(tx);
        commit();
      } else {
        auto result = fn(tx);
        commit();
        return result;
      }
    } catch (...) {
      if (!released) host().db_rollback(txn);
      throw;
    }
  }

  apiary_plugin_ctx* ctx_;
};

}  // namespace apiary
