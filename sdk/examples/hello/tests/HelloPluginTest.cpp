#include "../HelloPlugin.hpp"

#include <gtest/gtest.h>
#include <apiary/testing/fake_host.hpp>

using apiary::testing::FakeHost;

TEST(HelloPlugin, GreetsWithTheConfiguredGreeting) {
  auto host = FakeHost::load<HelloPlugin>(R"({"greeting": "Hi"})");
  auto response = host.call("GET", "/hello/bob");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"message":"Hi, bob!"})");
  EXPECT_EQ(response.header("content-type"), "application/json; charset=utf-8");
}

TEST(HelloPlugin, DefaultGreeting) {
  auto host = FakeHost::load<HelloPlugin>("{}");
  EXPECT_EQ(host.call("GET", "/hello/ann").body, R"({"message":"Hello, ann!"})");
  EXPECT_EQ(host.counterValue("hello_greetings_total"), 1);
}

TEST(HelloPlugin, DecodedPathParameter) {
  auto host = FakeHost::load<HelloPlugin>("{}");
  EXPECT_EQ(host.call("GET", "/hello/j%C3%BCrgen%20x").body,
            "{\"message\":\"Hello, j\xC3\xBCrgen x!\"}");
}

TEST(HelloPlugin, LongNameIsA400InTheEnvelope) {
  auto host = FakeHost::load<HelloPlugin>("{}");
  auto response = host.call("GET", "/hello/" + std::string(65, 'x'));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"error":"name must be at most 64 characters"})");
}

TEST(HelloPlugin, UnknownPathAndMethod) {
  auto host = FakeHost::load<HelloPlugin>("{}");
  EXPECT_EQ(host.call("GET", "/nope").status, 404);
  EXPECT_EQ(host.call("POST", "/hello/x").status, 405);
}

TEST(HelloPlugin, ConfigErrorsCarryTheirJsonPath) {
  EXPECT_EQ(FakeHost::validate<HelloPlugin>(R"({"greeting": 5})"),
            std::vector<std::string>{"/greeting: expected a string"});
  EXPECT_EQ(FakeHost::validate<HelloPlugin>(R"({"greeting": ""})"),
            std::vector<std::string>{"/greeting: must not be empty"});
  EXPECT_EQ(FakeHost::validate<HelloPlugin>(R"({"greting": "x"})"),
            std::vector<std::string>{"/greting: unknown key"});
  EXPECT_TRUE(FakeHost::validate<HelloPlugin>(R"({"greeting": "Hey"})").empty());
}

TEST(HelloPlugin, CorsIsABooleanAndLeavesTheAnswersAlone) {
  EXPECT_TRUE(FakeHost::validate<HelloPlugin>(R"({"cors": true})").empty());
  EXPECT_EQ(FakeHost::validate<HelloPlugin>(R"({"cors": "yes"})"),
            std::vector<std::string>{"/cors: expected a boolean"});
  auto host = FakeHost::load<HelloPlugin>(R"({"cors": true})");
  EXPECT_EQ(host.call("GET", "/hello/ann").body, R"({"message":"Hello, ann!"})");
}

TEST(HelloPlugin, InvalidConfigRefusesCreate) {
  EXPECT_THROW(FakeHost::load<HelloPlugin>(R"({"greeting": []})"), std::runtime_error);
}

// --- storage and timers, through the fake host's SQLite and movable clock ---

TEST(HelloPlugin, VisitsAreCountedAndRead) {
  auto host = FakeHost::load<HelloPlugin>("{}");
  EXPECT_EQ(host.call("GET", "/hello/ann/visits").status, 404);
  EXPECT_EQ(host.call("POST", "/hello/ann/visits").body, R"({"name":"ann","visits":1})");
  EXPECT_EQ(host.call("POST", "/hello/ann/visits").body, R"({"name":"ann","visits":2})");
  EXPECT_EQ(host.call("POST", "/hello/bob/visits").body, R"({"name":"bob","visits":1})");
  const auto read = host.call("GET", "/hello/ann/visits");
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, R"({"name":"ann","visits":2})");
}

TEST(HelloPlugin, MigrationIsRecorded) {
  auto host = FakeHost::load<HelloPlugin>("{}");
  const auto rows = host.sql("SELECT schema_name, version FROM apiary_migrations");
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(rows.rows[0][0].bytes, "hello");
  EXPECT_EQ(rows.rows[0][1].int64, 1);
}

TEST(HelloPlugin, SweepForgetsVisitorsNotSeenForAWhile) {
  auto host =
      FakeHost::load<HelloPlugin>(R"({"sweep_interval_ms": 1000, "forget_after_ms": 5000})");
  EXPECT_EQ(host.timerCount(), 1u);
  host.call("POST", "/hello/old/visits");
  host.advance(std::chrono::milliseconds(3000));
  host.call("POST", "/hello/new/visits");
  // The sweep at 6 s forgets what was last seen before 1 s: old (0 s), not new (3 s).
  host.advance(std::chrono::milliseconds(3500));
  EXPECT_EQ(host.call("GET", "/hello/old/visits").status, 404);
  EXPECT_EQ(host.call("GET", "/hello/new/visits").status, 200);
  bool logged = false;
  for (const auto& line : host.logs()) logged |= line == "INFO forgot 1 visitor(s)";
  EXPECT_TRUE(logged);
}

TEST(HelloPlugin, VisitsSurviveARestartWithAFileDatabase) {
  char dir[] = "/tmp/hello-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  FakeHost::Options options;
  options.databasePath = std::string(dir) + "/hello.db";
  {
    auto host = FakeHost::load<HelloPlugin>("{}", options);
    host.call("POST", "/hello/kim/visits");
  }
  auto host = FakeHost::load<HelloPlugin>("{}", options);
  EXPECT_EQ(host.call("POST", "/hello/kim/visits").body, R"({"name":"kim","visits":2})");
  std::remove(options.databasePath.c_str());
}

TEST(HelloPlugin, BadSweepConfig) {
  EXPECT_EQ(FakeHost::validate<HelloPlugin>(R"({"sweep_interval_ms": 0})"),
            std::vector<std::string>{"/sweep_interval_ms: must be between 10 and 86400000"});
}
