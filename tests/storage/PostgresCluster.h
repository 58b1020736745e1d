// A throwaway PostgreSQL cluster for tests: initdb in a temp dir, started with pg_ctl on a free
// loopback port (as the `postgres` user when the tests run as root: initdb refuses root), torn
// down at destruction. When no server binaries are installed, available() is false and
// skipReason() says why; APIARY_REQUIRE_POSTGRES=1 (CI) turns that into a failure instead.
#pragma once

#include <string>

namespace apiary::testing {

class PostgresCluster {
 public:
  PostgresCluster();
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  // One cluster per test binary, started on first use.
  static PostgresCluster& shared();
  static bool required();

  bool available() const { return available_; }
  const std::string& skipReason() const { return reason_; }
  int port() const { return port_; }
  // postgresql://apiary@127.0.0.1:PORT/DB
  std::string url(const std::string& database = "apiary") const;
  // A new empty database; returns its URL.
  std::string createDatabase(const std::string& name);
  // Runs SQL as the superuser through libpq (fixtures: schemas, drops). Throws on failure.
  void exec(const std::string& database, const std::string& sql);
  // The first column of the first row as text ("" for NULL or no row). Throws on failure.
  std::string scalar(const std::string& database, const std::string& sql);
  void stop();
  void start();

 private:
  bool runAsOwner(const std::string& command, std::string* output = nullptr) const;

  bool available_ = false;
  std::string reason_;
  std::string bin_;
  std::string dir_;
  int port_ = 0;
};

}  // namespace apiary::testing
