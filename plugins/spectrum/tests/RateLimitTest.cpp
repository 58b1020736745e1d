// 5 requests per second per project (configurable), 429 in the envelope, kept in storage.
#include "SpectrumTestSupport.hpp"

namespace spectrum::test {
namespace {

using namespace std::chrono_literals;

TEST(RateLimit, FiveRequestsPerSecondPerProjectByDefault) {
  SpectrumHost s(nlohmann::json{{"rate_limit", {{"enabled", true}}}});
  const TestProject a = s.createProject("A");
  const TestProject b = s.createProject("B");
  const std::string path = "/projects/" + a.id + "/";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(s.as(a, "GET", path).status, 200) << i;
  const auto limited = s.as(a, "GET", path);
  expectError(limited, 429, "rate_limited");
  EXPECT_EQ(bodyOf(limited)["message"], "Too many requests");
  // Every route of the project shares the budget; other projects have their own.
  expectError(s.as(a, "GET", path + "users/"), 429, "rate_limited");
  EXPECT_EQ(s.as(b, "GET", "/projects/" + b.id + "/").status, 200);
  // Refused requests are not counted: 1.2 s later 80% of the old window still weighs 4.
  s.host().advance(1200ms);
  EXPECT_EQ(s.as(a, "GET", path).status, 200);
  expectError(s.as(a, "GET", path), 429, "rate_limited");
  s.host().advance(2s);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(s.as(a, "GET", path).status, 200) << i;
}

TEST(RateLimit, Configurable) {
  SpectrumHost s(nlohmann::json{{"rate_limit", {{"enabled", true}, {"requests_per_second", 2}}}});
  const TestProject a = s.createProject();
  const std::string path = "/projects/" + a.id + "/";
  EXPECT_EQ(s.as(a, "GET", path).status, 200);
  EXPECT_EQ(s.as(a, "GET", path).status, 200);
  expectError(s.as(a, "GET", path), 429, "rate_limited");
}

TEST(RateLimit, FailedAuthenticationDoesNotSpendTheBudget) {
  SpectrumHost s(nlohmann::json{{"rate_limit", {{"enabled", true}}}});
  const TestProject a = s.createProject();
  const std::string path = "/projects/" + a.id + "/";
  for (int i = 0; i < 10; ++i) expectError(s.as({a.id, "wrong"}, "GET", path), 401, "unauthorized");
  EXPECT_EQ(s.as(a, "GET", path).status, 200);
}

TEST(RateLimit, OldWindowsAreSwept) {
  SpectrumHost s(nlohmann::json{{"rate_limit", {{"enabled", true}}}});
  const TestProject a = s.createProject();
  EXPECT_EQ(s.as(a, "GET", "/projects/" + a.id + "/").status, 200);
  EXPECT_EQ(s.host().sql("SELECT COUNT(*) FROM spectrum_rate_windows").rows[0][0].int64, 1);
  s.host().advance(60s);
  EXPECT_EQ(s.host().sql("SELECT COUNT(*) FROM spectrum_rate_windows").rows[0][0].int64, 0);
}

TEST(RateLimit, InvalidConfigIsRefused) {
  const auto errors = FakeHost::validate<SpectrumPlugin>(
      R"({"rate_limit":{"requests_per_second":0},"unknown":1,"delivery":{"retry_delays_ms":[0]}})");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(
      FakeHost::validate<SpectrumPlugin>(R"({"rate_limit":{"requests_per_second":10}})").size(),
      0u);
}

}  // namespace
}  // namespace spectrum::test
