// Host services through the real daemon: the hello plugin's migration, reads and writes land in
// the configured SQLite file; an unusable database refuses the plugin's start with a clear line.
#include "HostProcess.h"
#include "HttpClient.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>

namespace apiary::test {
namespace {

using Json = nlohmann::ordered_json;

Json helloConfig() {
  Json config = HostProcess::baseConfig();
  config["plugins"]["hello"] = {{"listener", "main"}};
  return config;
}

TEST(StorageIntegration, WritesAndReadsPersistAcrossRestarts) {
  Json config = helloConfig();
  HostProcess first(config);
  ASSERT_TRUE(first.start()) << first.log();
  EXPECT_EQ(HttpClient::send(first.port("main"), "POST", "/hello/ann/visits").body,
            R"({"name":"ann","visits":1})");
  EXPECT_NE(first.log().find("applied 1 migration(s) to schema hello"), std::string::npos)
      << first.log();
  EXPECT_EQ(first.stop(), 0);
  const std::string stateDir = first.dir() + "/state";
  EXPECT_TRUE(std::filesystem::exists(stateDir + "/apiary.db"));

  // A second daemon on the same state directory sees the row and applies no migration.
  config["state_dir"] = stateDir;
  HostProcess second(config);
  ASSERT_TRUE(second.start()) << second.log();
  EXPECT_EQ(HttpClient::send(second.port("main"), "GET", "/hello/ann/visits").body,
            R"({"name":"ann","visits":1})");
  EXPECT_EQ(second.log().find("applied"), std::string::npos);
  EXPECT_EQ(second.stop(), 0);
}

TEST(StorageIntegration, ConcurrentWritersThroughHttpLoseNothing) {
  HostProcess host(helloConfig());
  ASSERT_TRUE(host.start()) << host.log();
  const int port = host.port("main");
  std::vector<std::future<int>> clients;
  for (int c = 0; c < 8; ++c)
    clients.push_back(std::async(std::launch::async, [port] {
      int ok = 0;
      for (int i = 0; i < 25; ++i)
        ok += HttpClient::send(port, "POST", "/hello/shared/visits").status == 200;
      return ok;
    }));
  int ok = 0;
  for (auto& c : clients) ok += c.get();
  EXPECT_EQ(ok, 200);
  EXPECT_EQ(HttpClient::send(port, "GET", "/hello/shared/visits").body,
            R"({"name":"shared","visits":200})");
  EXPECT_EQ(host.stop(), 0);
}

TEST(StorageIntegration, PluginWithItsOwnDatabaseFile) {
  Json config = helloConfig();
  config["plugins"]["hello"]["database"] = "hello-own.db";
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("main"), "POST", "/hello/x/visits").status, 200);
  EXPECT_TRUE(std::filesystem::exists(host.dir() + "/state/hello-own.db"));
  EXPECT_FALSE(std::filesystem::exists(host.dir() + "/state/apiary.db"));
  EXPECT_EQ(host.stop(), 0);
}

TEST(StorageIntegration, CorruptDatabaseRefusesStartWithAClearLine) {
  Json config = helloConfig();
  HostProcess host(config);
  std::filesystem::create_directories(host.dir() + "/state");
  std::ofstream(host.dir() + "/state/apiary.db") << std::string(4096, 'Z');
  EXPECT_FALSE(host.start());
  EXPECT_EQ(host.exitCode(), 1);
  EXPECT_NE(host.log().find("plugin 'hello' (" + HostProcess::pluginDir() +
                            "/libhello.so) refused: start failed: database " + host.dir() +
                            "/state/apiary.db"),
            std::string::npos)
      << host.log();
}

TEST(StorageIntegration, CorruptDatabaseOfAnOptionalPluginLeavesTheRestServing) {
  Json config = helloConfig();
  config["plugins"]["hello"]["optional"] = true;
  config["plugins"]["hello"]["database"] = "broken.db";
  config["plugins"]["other"] = {{"library", "hello"}, {"listener", "main"}, {"prefix", "/o"}};
  HostProcess host(config);
  std::filesystem::create_directories(host.dir() + "/state");
  std::ofstream(host.dir() + "/state/broken.db") << std::string(4096, 'Z');
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("main"), "POST", "/o/hello/a/visits").status, 200);
  EXPECT_EQ(HttpClient::send(host.port("main"), "POST", "/hello/a/visits").status, 404);
  EXPECT_EQ(host.stop(), 0);
}

// PostgreSQL support is a module loaded on first use (host/PostgresDriver.h): a daemon on
// SQLite alone must not map libpq and the 20-odd libraries behind it (3.6 MB of idle RSS).
TEST(StorageIntegration, SqliteOnlyDaemonMapsNoPostgresLibraries) {
  HostProcess host(helloConfig());
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("main"), "POST", "/hello/ann/visits").status, 200);
  std::ifstream maps("/proc/" + std::to_string(host.pid()) + "/maps");
  const std::string mapped((std::istreambuf_iterator<char>(maps)), {});
  ASSERT_NE(mapped.find("libPocoDataSQLite"), std::string::npos) << "maps not readable";
  EXPECT_EQ(mapped.find("libpq"), std::string::npos);
  EXPECT_EQ(mapped.find("libapiary-postgresql"), std::string::npos);
  EXPECT_EQ(mapped.find("libgnutls"), std::string::npos);
  EXPECT_EQ(host.stop(), 0);
}

TEST(StorageIntegration, MissingPostgresModuleRefusesThePluginWithAClearLine) {
  Json config = helloConfig();
  config["plugins"]["hello"]["optional"] = true;
  config["plugins"]["hello"]["database"] = "postgresql://apiary@127.0.0.1:1/apiary";
  config["plugins"]["other"] = {{"library", "hello"}, {"listener", "main"}, {"prefix", "/o"}};
  HostProcess host(config, {},
                   {{"APIARY_POSTGRES_MODULE", "/nonexistent/libapiary-postgresql.so"}});
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("main"), "POST", "/o/hello/a/visits").status, 200);
  EXPECT_EQ(HttpClient::send(host.port("main"), "POST", "/hello/a/visits").status, 404);
  EXPECT_NE(host.log().find("PostgreSQL support is not installed "
                            "(libapiary-postgresql.so not found: "
                            "/nonexistent/libapiary-postgresql.so)"),
            std::string::npos)
      << host.log();
  EXPECT_EQ(host.stop(), 0);
}

}  // namespace
}  // namespace apiary::test
