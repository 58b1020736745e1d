#include "../HelloPlugin.hpp"

#include <apiary/testing/fake_host.hpp>
#include <gtest/gtest.h>

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

TEST(HelloPlugin, InvalidConfigRefusesCreate) {
  EXPECT_THROW(FakeHost::load<HelloPlugin>(R"({"greeting": []})"), std::runtime_error);
}
