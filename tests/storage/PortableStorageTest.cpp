// The storage contract on both backends: the same portable SQL (`?` parameters, RETURNING,
// ON CONFLICT, BIGINT) behaves the same on SQLite and on PostgreSQL (a throwaway cluster on
// loopback, see PostgresCluster). PostgreSQL-only tests cover what only a server has: several
// instances on one database, serialization conflicts, a restart, an unreachable server.
#include "PostgresCluster.h"
#include "SqlBackend.h"
#include "SqlDatabase.h"
#include "StorageError.h"
#include "StorageRegistry.h"

#include <apiary/abi.h>

#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <functional>
#include <thread>

namespace apiary {
namespace {

namespace fs = std::filesystem;
using apiary::testing::PostgresCluster;

SqlParam text(std::string v) {
  return SqlParam{APIARY_VALUE_TEXT, 0, 0, std::move(v)};
}
SqlParam int64(int64_t v) {
  return SqlParam{APIARY_VALUE_INT64, v, 0, {}};
}
SqlParam real(double v) {
  return SqlParam{APIARY_VALUE_DOUBLE, 0, v, {}};
}
SqlParam blob(std::string v) {
  return SqlParam{APIARY_VALUE_BLOB, 0, 0, std::move(v)};
}
SqlParam null() {
  return SqlParam{};
}
int64_t asInt(const SqlCell& c) {
  return c.type == APIARY_VALUE_INT64 ? c.int64 : std::stoll(c.bytes);
}

int32_t kindOf(const std::function<void()>& fn, std::string* message = nullptr) {
  try {
    fn();
  } catch (const StorageError& e) {
    if (message) *message = e.what();
    return e.kind();
  }
  return APIARY_DB_OK;
}

// Runs fn in a transaction, again on BUSY, as the SDK's Database::transaction does.
void inTransaction(SqlDatabase& db, const std::function<void(SqlDatabase::Lease&)>& fn) {
  for (int attempt = 1;; ++attempt) {
    auto lease = db.lease();
    try {
      db.begin(lease);
      fn(lease);
      db.commit(lease);
      return;
    } catch (const StorageError& e) {
      db.rollback(lease);
      if (e.kind() != APIARY_DB_BUSY || attempt >= 200) throw;
    }
  }
}

// Skips (locally) or fails (APIARY_REQUIRE_POSTGRES=1, CI) when no server can be started.
#define REQUIRE_POSTGRES()                                             \
  do {                                                                 \
    auto& cluster = PostgresCluster::shared();                         \
    if (!cluster.available()) {                                        \
      if (PostgresCluster::required()) FAIL() << cluster.skipReason(); \
      GTEST_SKIP() << cluster.skipReason();                            \
    }                                                                  \
  } while (0)

std::string uniqueName(const std::string& base) {
  static std::atomic<int> counter{0};
  return base + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
}

class PortableStorageTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/apiary-portable-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    dir_ = templ;
    settings_.poolSize = 8;
    settings_.busyTimeoutMs = 5000;
    settings_.sqlitePath = dir_ + "/apiary.db";
    if (GetParam() == "postgres") {
      REQUIRE_POSTGRES();
      location_ = PostgresCluster::shared().createDatabase(uniqueName("portable"));
    } else {
      location_ = settings_.sqlitePath;
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string dir_;
  std::string location_;
  StorageSettings settings_;
};

TEST_P(PortableStorageTest, ParametersAndTypedCellsRoundTrip) {
  SqlDatabase db(location_, settings_);
  db.execute(nullptr,
             "CREATE TABLE t (i BIGINT, r DOUBLE PRECISION, s TEXT, b " +
                 std::string(GetParam() == "postgres" ? "BYTEA" : "BLOB") + ", n TEXT)",
             {});
  const std::string bytes("\x00\x01\xff", 3);
  const SqlResult insert =
      db.execute(nullptr, "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                 {int64(-9007199254740993LL), real(2.5), text("grüße 'x' ?"), blob(bytes), null()});
  EXPECT_EQ(insert.affectedRows, 1);
  const SqlResult r = db.execute(nullptr, "SELECT i, r, s, b, n FROM t WHERE s <> '?'", {});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ((std::vector<std::string>{"i", "r", "s", "b", "n"}), r.columns);
  EXPECT_EQ(r.rows[0][0].type, APIARY_VALUE_INT64);
  EXPECT_EQ(r.rows[0][0].int64, -9007199254740993LL);
  EXPECT_EQ(r.rows[0][1].type, APIARY_VALUE_DOUBLE);
  EXPECT_DOUBLE_EQ(r.rows[0][1].real, 2.5);
  EXPECT_EQ(r.rows[0][2].type, APIARY_VALUE_TEXT);
  EXPECT_EQ(r.rows[0][2].bytes, "grüße 'x' ?");
  EXPECT_EQ(r.rows[0][3].type, APIARY_VALUE_BLOB);
  EXPECT_EQ(r.rows[0][3].bytes, bytes);
  EXPECT_EQ(r.rows[0][4].type, APIARY_VALUE_NULL);
}

TEST_P(PortableStorageTest, ReturningUpsertAndQuestionMarksInLiterals) {
  SqlDatabase db(location_, settings_);
  db.execute(nullptr, "CREATE TABLE c (k TEXT PRIMARY KEY, n BIGINT NOT NULL, note TEXT)", {});
  const SqlResult ret = db.execute(
      nullptr, "INSERT INTO c (k, n, note) VALUES (?, 1, 'why?') RETURNING n", {text("a")});
  ASSERT_EQ(ret.rows.size(), 1u);
  EXPECT_EQ(asInt(ret.rows[0][0]), 1);
  // Upsert-and-count: the rate-limit and counter pattern of the plugins.
  const SqlResult up = db.execute(nullptr,
                                  "INSERT INTO c (k, n) VALUES (?, 1) ON CONFLICT (k) DO UPDATE "
                                  "SET n = c.n + ? RETURNING n",
                                  {text("a"), int64(5)});
  ASSERT_EQ(up.rows.size(), 1u);
  EXPECT_EQ(asInt(up.rows[0][0]), 6);
  const SqlResult count =
      db.execute(nullptr, "SELECT COUNT(*) AS total FROM c WHERE note = 'why?' -- what?", {});
  EXPECT_EQ(count.columns[0], "total");
  EXPECT_EQ(asInt(count.rows[0][0]), 1);
  const SqlResult none = db.execute(nullptr, "SELECT k FROM c WHERE k = ?", {text("zzz")});
  EXPECT_TRUE(none.rows.empty());
  EXPECT_EQ(none.columns.size(), 1u);
  EXPECT_EQ(db.execute(nullptr, "DELETE FROM c WHERE k = ?", {text("a")}).affectedRows, 1);
}

TEST_P(PortableStorageTest, ConstraintViolationIsItsOwnKind) {
  SqlDatabase db(location_, settings_);
  db.execute(nullptr, "CREATE TABLE u (k TEXT PRIMARY KEY)", {});
  db.execute(nullptr, "INSERT INTO u VALUES (?)", {text("x")});
  std::string message;
  EXPECT_EQ(kindOf([&] { db.execute(nullptr, "INSERT INTO u VALUES (?)", {text("x")}); }, &message),
            APIARY_DB_CONSTRAINT)
      << message;
  EXPECT_EQ(kindOf([&] { db.execute(nullptr, "SELEKT nonsense", {}); }), APIARY_DB_OTHER);
  EXPECT_EQ(kindOf([&] { db.execute(nullptr, "SELECT * FROM missing_table", {}); }),
            APIARY_DB_OTHER);
  // The connection stays usable after errors.
  EXPECT_EQ(db.execute(nullptr, "SELECT k FROM u", {}).rows.size(), 1u);
}

TEST_P(PortableStorageTest, ConcurrentReadModifyWriteLosesNothing) {
  SqlDatabase db(location_, settings_);
  db.execute(nullptr, "CREATE TABLE total (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)", {});
  db.execute(nullptr, "INSERT INTO total VALUES (1, 0)", {});
  constexpr int kThreads = 6, kWrites = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kWrites; ++i) {
        try {
          inTransaction(db, [&](SqlDatabase::Lease& lease) {
            const SqlResult r = db.execute(&lease, "SELECT n FROM total WHERE id = 1", {});
            db.execute(&lease, "UPDATE total SET n = ? WHERE id = 1",
                       {int64(r.rows[0][0].int64 + 1)});
          });
        } catch (const StorageError& e) {
          ++failures;
          ADD_FAILURE() << e.what();
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(db.execute(nullptr, "SELECT n FROM total", {}).rows[0][0].int64, kThreads * kWrites);
}

TEST_P(PortableStorageTest, RolledBackTransactionLeavesNothing) {
  SqlDatabase db(location_, settings_);
  db.execute(nullptr, "CREATE TABLE r (k TEXT)", {});
  {
    auto lease = db.lease();
    db.begin(lease);
    db.execute(&lease, "INSERT INTO r VALUES ('x')", {});
    db.rollback(lease);
  }
  EXPECT_TRUE(db.execute(nullptr, "SELECT k FROM r", {}).rows.empty());
}

TEST_P(PortableStorageTest, MigrationsApplyOnceAndAllOrNothing) {
  SqlDatabase db(location_, settings_);
  const std::vector<SqlDatabase::MigrationStep> steps = {
      {1, "table", {"CREATE TABLE m (k TEXT)"}},
      {2, "column", {"ALTER TABLE m ADD COLUMN v BIGINT", "CREATE INDEX m_v ON m (v)"}}};
  EXPECT_EQ(db.migrate("demo", steps), 2);
  EXPECT_EQ(db.migrate("demo", steps), 0);
  const SqlResult recorded =
      db.execute(nullptr,
                 "SELECT version, description FROM apiary_migrations WHERE schema_name = 'demo' "
                 "ORDER BY version",
                 {});
  ASSERT_EQ(recorded.rows.size(), 2u);
  EXPECT_EQ(recorded.rows[1][0].int64, 2);
  EXPECT_EQ(recorded.rows[1][1].bytes, "column");

  const std::vector<SqlDatabase::MigrationStep> bad = {
      {1, "good", {"CREATE TABLE g (k TEXT)"}},
      {2, "bad", {"CREATE TABLE h (k TEXT)", "CREATE TABLE broken ("}}};
  std::string message;
  EXPECT_EQ(kindOf([&] { db.migrate("other", bad); }, &message), APIARY_DB_OTHER);
  EXPECT_NE(message.find("migration other v2 (bad) statement 2 failed"), std::string::npos)
      << message;
  EXPECT_NE(kindOf([&] { db.execute(nullptr, "SELECT * FROM g", {}); }), APIARY_DB_OK);
  EXPECT_TRUE(db.execute(nullptr, "SELECT * FROM apiary_migrations WHERE schema_name = 'other'", {})
                  .rows.empty());
}

TEST_P(PortableStorageTest, SqliteSpelledMigrationsAutoAssignIds) {
  SqlDatabase db(location_, settings_);
  db.migrate("ids", {{1, "rowid", {"CREATE TABLE a (id INTEGER PRIMARY KEY, v REAL, b BLOB)"}}});
  const SqlResult first = db.execute(nullptr, "INSERT INTO a (v, b) VALUES (?, ?) RETURNING id",
                                     {real(1.5), blob("x")});
  const SqlResult second = db.execute(nullptr, "INSERT INTO a (v, b) VALUES (?, ?) RETURNING id",
                                      {real(2.5), blob("y")});
  ASSERT_EQ(first.rows.size(), 1u);
  ASSERT_EQ(second.rows.size(), 1u);
  EXPECT_LT(asInt(first.rows[0][0]), asInt(second.rows[0][0]));
  const SqlResult r = db.execute(nullptr, "SELECT v, b FROM a ORDER BY id", {});
  EXPECT_EQ(r.rows[1][0].type, APIARY_VALUE_DOUBLE);
  EXPECT_EQ(r.rows[1][1].bytes, "y");
}

INSTANTIATE_TEST_SUITE_P(Backends, PortableStorageTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(SqlBackendTest, NumbersPlaceholdersOutsideLiteralsAndComments) {
  EXPECT_EQ(SqlBackend::numberPlaceholders("SELECT ? , ?"), "SELECT $1 , $2");
  EXPECT_EQ(SqlBackend::numberPlaceholders("SELECT '?', \"a?\", ? -- ?\n, ? /* ? */"),
            "SELECT '?', \"a?\", $1 -- ?\n, $2 /* ? */");
  EXPECT_EQ(SqlBackend::numberPlaceholders("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
  EXPECT_EQ(SqlBackend::numberPlaceholders("SELECT 'open ?"), "SELECT 'open ?");
}

TEST(SqlBackendTest, TranslatesSqliteDdlForPostgres) {
  EXPECT_EQ(SqlBackend::postgresDdl(
                "CREATE TABLE t (id INTEGER PRIMARY KEY, n integer NOT NULL DEFAULT 0, r REAL, "
                "b BLOB, note TEXT DEFAULT 'INTEGER it''s REAL')"),
            "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, n BIGINT NOT NULL DEFAULT 0, r DOUBLE "
            "PRECISION, b BYTEA, note TEXT DEFAULT 'INTEGER it''s REAL')");
  EXPECT_EQ(SqlBackend::postgresDdl("CREATE TABLE k (id INTEGER NOT NULL PRIMARY KEY "
                                    "AUTOINCREMENT, realm TEXT)"),
            "CREATE TABLE k (id BIGSERIAL NOT NULL PRIMARY KEY, realm TEXT)");
  StorageSettings s;
  EXPECT_EQ(SqlBackend("/x.db", s).translateDdl("CREATE TABLE t (id INTEGER PRIMARY KEY)"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY)");
}

TEST(SqlBackendTest, SelectsTheEngineByLocation) {
  StorageSettings s;
  EXPECT_EQ(SqlBackend("/var/lib/apiary/apiary.db", s).kind(), SqlBackend::Kind::Sqlite);
  EXPECT_EQ(SqlBackend("postgresql://u@h/db", s).kind(), SqlBackend::Kind::Postgres);
  EXPECT_EQ(SqlBackend("postgres://u@h/db", s).kind(), SqlBackend::Kind::Postgres);
  EXPECT_EQ(SqlBackend("postgresql://u:s3cret@h:5432/db", s).displayName(),
            "postgresql://u:***@h:5432/db");
}

class PostgresStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_POSTGRES();
    url_ = PostgresCluster::shared().createDatabase(uniqueName("pgonly"));
    settings_.poolSize = 4;
  }
  std::string url_;
  StorageSettings settings_;
};

TEST_F(PostgresStorageTest, TwoInstancesMigrateAtOnceAndShareRows) {
  // Two SqlDatabase objects are two apiary instances: separate pools, one database.
  const std::vector<SqlDatabase::MigrationStep> steps = {
      {1, "keys", {"CREATE TABLE keys (id BIGSERIAL PRIMARY KEY, k TEXT UNIQUE NOT NULL)"}},
      {2, "more", {"ALTER TABLE keys ADD COLUMN uses BIGINT NOT NULL DEFAULT 0"}}};
  SqlDatabase a(url_, settings_), b(url_, settings_);
  std::atomic<int> applied{0};
  std::thread ta([&] { applied += a.migrate("keys", steps); });
  std::thread tb([&] { applied += b.migrate("keys", steps); });
  ta.join();
  tb.join();
  EXPECT_EQ(applied.load(), 2);
  const SqlResult id =
      a.execute(nullptr, "INSERT INTO keys (k) VALUES (?) RETURNING id", {text("one")});
  ASSERT_EQ(id.rows.size(), 1u);
  EXPECT_EQ(id.rows[0][0].type, APIARY_VALUE_INT64);
  const SqlResult seen = b.execute(nullptr, "SELECT id FROM keys WHERE k = ?", {text("one")});
  ASSERT_EQ(seen.rows.size(), 1u);
  EXPECT_EQ(seen.rows[0][0].int64, id.rows[0][0].int64);
  // The race on one resource: exactly one instance wins, the other gets CONSTRAINT (409).
  std::atomic<int> ok{0}, conflict{0};
  std::thread ra([&] {
    (kindOf([&] { a.execute(nullptr, "INSERT INTO keys (k) VALUES (?)", {text("race")}); }) ==
             APIARY_DB_OK
         ? ok
         : conflict)++;
  });
  std::thread rb([&] {
    (kindOf([&] { b.execute(nullptr, "INSERT INTO keys (k) VALUES (?)", {text("race")}); }) ==
             APIARY_DB_OK
         ? ok
         : conflict)++;
  });
  ra.join();
  rb.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 1);
}

TEST_F(PostgresStorageTest, SerializationConflictIsBusy) {
  SqlDatabase a(url_, settings_), b(url_, settings_);
  a.execute(nullptr, "CREATE TABLE n (id BIGINT PRIMARY KEY, v BIGINT)", {});
  a.execute(nullptr, "INSERT INTO n VALUES (1, 0)", {});
  auto la = a.lease();
  auto lb = b.lease();
  a.begin(la);
  b.begin(lb);
  a.execute(&la, "SELECT v FROM n WHERE id = 1", {});
  b.execute(&lb, "SELECT v FROM n WHERE id = 1", {});
  a.execute(&la, "UPDATE n SET v = 1 WHERE id = 1", {});
  a.commit(la);
  std::string message;
  EXPECT_EQ(kindOf(
                [&] {
                  b.execute(&lb, "UPDATE n SET v = 2 WHERE id = 1", {});
                  b.commit(lb);
                },
                &message),
            APIARY_DB_BUSY)
      << message;
  b.rollback(lb);
  EXPECT_EQ(a.execute(nullptr, "SELECT v FROM n", {}).rows[0][0].int64, 1);
}

TEST_F(PostgresStorageTest, CommitAfterAFailedStatementFails) {
  SqlDatabase db(url_, settings_);
  db.execute(nullptr, "CREATE TABLE f (k TEXT PRIMARY KEY)", {});
  auto lease = db.lease();
  db.begin(lease);
  db.execute(&lease, "INSERT INTO f VALUES ('a')", {});
  EXPECT_EQ(kindOf([&] { db.execute(&lease, "INSERT INTO f VALUES ('a')", {}); }),
            APIARY_DB_CONSTRAINT);
  EXPECT_EQ(kindOf([&] { db.commit(lease); }), APIARY_DB_OTHER);
  EXPECT_TRUE(db.execute(nullptr, "SELECT k FROM f", {}).rows.empty());
}

TEST_F(PostgresStorageTest, RecoversAfterServerRestart) {
  SqlDatabase db(url_, settings_);
  db.execute(nullptr, "CREATE TABLE s (k TEXT)", {});
  db.execute(nullptr, "INSERT INTO s VALUES ('before')", {});
  auto& cluster = PostgresCluster::shared();
  cluster.stop();
  EXPECT_EQ(kindOf([&] { db.execute(nullptr, "SELECT k FROM s", {}); }), APIARY_DB_UNAVAILABLE);
  cluster.start();
  ASSERT_TRUE(cluster.available());
  // Broken pooled connections fail once at most each, then are replaced.
  int failures = 0;
  SqlResult r;
  for (int i = 0; i < 2 * settings_.poolSize + 2; ++i) {
    if (kindOf([&] { r = db.execute(nullptr, "SELECT k FROM s", {}); }) == APIARY_DB_OK) break;
    ++failures;
  }
  EXPECT_LE(failures, settings_.poolSize);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0].bytes, "before");
}

TEST_F(PostgresStorageTest, UnreachableServerIsUnavailableWithoutPassword) {
  StorageSettings s = settings_;
  s.connectTimeoutMs = 1000;
  const std::string url = "postgresql://apiary:hunter2@127.0.0.1:1/none";
  std::string message;
  EXPECT_EQ(kindOf([&] { SqlDatabase db(url, s); }, &message), APIARY_DB_UNAVAILABLE) << message;
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

TEST_F(PostgresStorageTest, RegistrySharesThePoolPerUrl) {
  StorageSettings s = settings_;
  s.url = url_;
  s.sqlitePath = "/nonexistent/never-created.db";
  StorageRegistry registry(s);
  EXPECT_EQ(&registry.open(""), &registry.open(url_));
  EXPECT_EQ(registry.open("").backend().kind(), SqlBackend::Kind::Postgres);
  EXPECT_FALSE(fs::exists("/nonexistent"));
}

TEST_F(PostgresStorageTest, ReadinessProbeReportsAStoppedServer) {
  StorageSettings s = settings_;
  s.url = url_.substr(0, url_.rfind('/')) + "/" + uniqueName("probe");
  PostgresCluster::shared().createDatabase(s.url.substr(s.url.rfind('/') + 1));
  StorageRegistry registry(s);
  registry.open("");
  auto probes = registry.probe();
  ASSERT_EQ(probes.size(), 1u);
  EXPECT_EQ(probes[0].backend, "postgresql");
  EXPECT_TRUE(probes[0].error.empty()) << probes[0].error;
  auto& cluster = PostgresCluster::shared();
  cluster.stop();
  probes = registry.probe();
  EXPECT_FALSE(probes[0].error.empty());
  cluster.start();
  ASSERT_TRUE(cluster.available());
  bool recovered = false;
  for (int i = 0; i < 2 * s.poolSize + 2 && !recovered; ++i)
    recovered = registry.probe()[0].error.empty();
  EXPECT_TRUE(recovered);
}

}  // namespace
}  // namespace apiary
