#include "PostgresCluster.h"

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace apiary::testing {
namespace {

namespace fs = std::filesystem;

std::string findBinDir() {
  if (const char* env = std::getenv("APIARY_PG_BIN"); env && fs::exists(fs::path(env) / "initdb"))
    return env;
  for (const char* v : {"15", "16", "17", "14", "13"}) {
    const std::string dir = std::string("/usr/lib/postgresql/") + v + "/bin";
    if (fs::exists(dir + "/initdb") && fs::exists(dir + "/pg_ctl")) return dir;
  }
  return {};
}

int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

}  // namespace

bool PostgresCluster::required() {
  const char* env = std::getenv("APIARY_REQUIRE_POSTGRES");
  return env != nullptr && std::string(env) == "1";
}

PostgresCluster& PostgresCluster::shared() {
  static PostgresCluster cluster;
  return cluster;
}

bool PostgresCluster::runAsOwner(const std::string& command, std::string* output) const {
  std::string full = command;
  if (::geteuid() == 0) full = "runuser -u postgres -- " + command;
  full += " 2>&1";
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) return false;
  std::array<char, 512> buf{};
  std::string out;
  while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) out += buf.data();
  const int rc = ::pclose(pipe);
  if (output) *output = out;
  return rc == 0;
}

PostgresCluster::PostgresCluster() {
  bin_ = findBinDir();
  if (bin_.empty()) {
    reason_ = "PostgreSQL server binaries (initdb, pg_ctl) not installed";
    return;
  }
  if (::geteuid() == 0 && ::getpwnam("postgres") == nullptr) {
    reason_ = "running as root and there is no 'postgres' user to run initdb as";
    return;
  }
  char templ[] = "/tmp/apiary-pg-XXXXXX";
  if (::mkdtemp(templ) == nullptr) {
    reason_ = "cannot create a temp dir";
    return;
  }
  dir_ = templ;
  if (::geteuid() == 0) {
    const passwd* pw = ::getpwnam("postgres");
    if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      reason_ = "cannot hand the temp dir to the postgres user";
      return;
    }
  }
  std::string out;
  if (!runAsOwner(bin_ + "/initdb -D " + dir_ + "/data -A trust -U apiary -E UTF8 --no-sync",
                  &out)) {
    reason_ = "initdb failed: " + out;
    return;
  }
  port_ = freePort();
  start();
  if (!available_) return;
  exec("postgres", "CREATE DATABASE apiary");
}

void PostgresCluster::start() {
  std::string out;
  // Loopback only, socket in the temp dir, no fsync: a test cluster, not a durable one.
  const std::string options = "-p " + std::to_string(port_) + " -k " + dir_ +
                              " -c listen_addresses=127.0.0.1 -c fsync=off"
                              " -c max_connections=200";
  available_ = runAsOwner(bin_ + "/pg_ctl -D " + dir_ + "/data -l " + dir_ +
                              "/server.log -w -t 60 -o '" + options + "' start",
                          &out);
  if (!available_) reason_ = "pg_ctl start failed: " + out;
}

void PostgresCluster::stop() {
  if (!dir_.empty()) runAsOwner(bin_ + "/pg_ctl -D " + dir_ + "/data -m fast -w stop");
}

PostgresCluster::~PostgresCluster() {
  if (available_) stop();
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::string PostgresCluster::url(const std::string& database) const {
  return "postgresql://apiary@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

void PostgresCluster::exec(const std::string& database, const std::string& sql) {
  scalar(database, sql);
}

std::string PostgresCluster::scalar(const std::string& database, const std::string& sql) {
  PGconn* conn = PQconnectdb(url(database).c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("connect: " + error);
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
  PGresult* res = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(res);
  const std::string error = PQresultErrorMessage(res);
  std::string value;
  if (status == PGRES_TUPLES_OK && PQntuples(res) > 0 && PQnfields(res) > 0 &&
      !PQgetisnull(res, 0, 0))
    value = PQgetvalue(res, 0, 0);
  PQclear(res);
  PQfinish(conn);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw std::runtime_error(sql + ": " + error);
  return value;
}

std::string PostgresCluster::createDatabase(const std::string& name) {
  exec("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  exec("postgres", "CREATE DATABASE " + name);
  return url(name);
}

}  // namespace apiary::testing
