// Authentication through the real daemon: auth-bearer and auth-basic instances named in the
// config, plugin-declared and operator policies, every outcome over real HTTP, the CLI that
// issues the credentials, and the startup refusals.
#include "HostProcess.h"
#include "HttpClient.h"

#include <gtest/gtest.h>
#include <apiary/base64.hpp>

#include <fstream>
#include <regex>

namespace apiary::test {
namespace {

using Json = nlohmann::ordered_json;

bool authPluginsBuilt() {
  return std::ifstream(HostProcess::pluginDir() + "/libauth-bearer.so").good() &&
         std::ifstream(HostProcess::pluginDir() + "/libauth-basic.so").good();
}

std::string basic(const std::string& raw) {
  return "Basic " + apiary::base64::encode(raw);
}

Json authConfig() {
  Json config = HostProcess::baseConfig();
  config["auth"] = {{"pbkdf2_iterations", 1000}};  // fast tests; production default is 120000
  config["plugins"]["bearer:api"] = {{"library", "auth-bearer"}, {"config", {{"realm", "api"}}}};
  config["plugins"]["basic:ops"] = {{"library", "auth-basic"}, {"config", {{"realm", "ops"}}}};
  config["plugins"]["app"] = {
      {"library", HostProcess::fixtureDir() + "/libfixture-behaviour.so"},
      {"listener", "main"},
      {"config", {{"protect_with", "bearer:api"}, {"show_codes", true}}},
      {"policies",
       Json::array({{{"route", "GET /whoami"}, {"providers", {"bearer:api", "basic:ops"}}},
                    {{"prefix", "/items"}, {"providers", {"basic:ops"}}, {"scopes", {"stock"}}}})}};
  return config;
}

class Auth : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!authPluginsBuilt()) return;
    host_ = new HostProcess(authConfig());
    // Credentials first, with the CLI, on the same storage the daemon will use.
    ASSERT_EQ(host_->runToExit(
                  {"token", "create", "--realm", "api", "--scopes", "read", "--note", "reader"}),
              0)
        << host_->log();
    ASSERT_EQ(host_->runToExit({"token", "create", "--realm", "api", "--scopes", "read,admin"}), 0);
    ASSERT_EQ(host_->runToExit({"token", "create", "--realm", "api", "--scopes", "*"}), 0);
    ASSERT_EQ(host_->runToExit({"user", "add", "--realm", "ops", "alice", "--scopes", "stock"},
                               "wonderland\n"),
              0)
        << host_->log();
    const std::string log = host_->log();
    std::regex secret("secret: ([0-9a-f]{64})");
    for (auto it = std::sregex_iterator(log.begin(), log.end(), secret);
         it != std::sregex_iterator(); ++it)
      tokens_.push_back((*it)[1]);
    ASSERT_EQ(tokens_.size(), 3u) << log;
    ASSERT_EQ(host_->runToExit({"token", "revoke", "--realm", "api", "3"}), 0);
    ASSERT_TRUE(host_->start()) << host_->log();
    port_ = host_->port("main");
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }
  void SetUp() override {
    if (!authPluginsBuilt()) GTEST_SKIP() << "auth plugins not built";
  }

  static HttpResult get(const std::string& path, const std::string& authorization = "") {
    HttpClient::Headers h;
    if (!authorization.empty()) h.emplace_back("Authorization", authorization);
    return HttpClient::send(port_, "GET", path, {}, h);
  }

  static HostProcess* host_;
  static int port_;
  static std::vector<std::string> tokens_;  // reader, admin, revoked
};
HostProcess* Auth::host_ = nullptr;
int Auth::port_ = 0;
std::vector<std::string> Auth::tokens_;

TEST_F(Auth, UnprotectedRoutesNeedNothing) {
  EXPECT_EQ(get("/tag").status, 200);
}

TEST_F(Auth, MissingCredentialsAre401WithTheChallenge) {
  const HttpResult r = get("/private/data");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"error":"Authentication required","code":"auth.missing"})");
  EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer realm=\"api\"");
  // A foreign scheme, a lower-case scheme and an empty token are all "no credentials".
  EXPECT_EQ(get("/private/data", "Token abc").status, 401);
  EXPECT_EQ(get("/private/data", "bearer " + tokens_[0]).status, 401);
  EXPECT_EQ(get("/private/data", "Bearer    ").body,
            R"({"error":"Authentication required","code":"auth.missing"})");
}

TEST_F(Auth, InvalidAndRevokedTokensAre401Invalid) {
  HttpResult r = get("/private/data", "Bearer not-a-real-token");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"error":"Invalid credentials","code":"auth.invalid"})");
  EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer realm=\"api\", error=\"invalid_token\"");
  r = get("/private/data", "Bearer " + tokens_[2]);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"error":"Invalid credentials","code":"auth.invalid"})");
}

TEST_F(Auth, ValidTokenReachesTheHandlerWithItsPrincipal) {
  const HttpResult r = get("/private/data", "Bearer " + tokens_[0]);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "secret for token:1");
}

TEST_F(Auth, PrefixPolicyGatesUnknownPathsBeforeRouting) {
  EXPECT_EQ(get("/private/nothing-here").status, 401);
  EXPECT_EQ(get("/private/nothing-here", "Bearer " + tokens_[0]).status, 404);
}

TEST_F(Auth, MissingScopeIs403) {
  const HttpResult r =
      HttpClient::send(port_, "POST", "/admin", {}, {{"Authorization", "Bearer " + tokens_[0]}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, R"({"error":"Insufficient scope","code":"auth.scope"})");
  EXPECT_EQ(
      HttpClient::send(port_, "POST", "/admin", {}, {{"Authorization", "Bearer " + tokens_[1]}})
          .status,
      200);
}

TEST_F(Auth, AnonymousAllowedButInvalidStillRefused) {
  EXPECT_EQ(get("/maybe").body, "anonymous");
  EXPECT_EQ(get("/maybe", "Bearer " + tokens_[0]).body, "token:1");
  EXPECT_EQ(get("/maybe", "Bearer wrong").status, 401);
}

TEST_F(Auth, OperatorRoutePolicyWithTwoProviders) {
  EXPECT_EQ(get("/whoami").status, 401);
  EXPECT_EQ(get("/whoami", "Bearer " + tokens_[1]).body, "token:2|read,admin");
  EXPECT_EQ(get("/whoami", basic("alice:wonderland")).body, "alice|stock");
  EXPECT_EQ(get("/whoami", basic("alice:rabbit")).status, 401);
}

TEST_F(Auth, OperatorPrefixPolicyTightensAnOpenPlugin) {
  // /items/* is open in the plugin; the operator demands basic:ops with scope "stock".
  EXPECT_EQ(get("/items/special").status, 401);
  // A bearer token is no credential for basic:ops: as if none were sent.
  EXPECT_EQ(get("/items/special", "Bearer " + tokens_[1]).body,
            R"({"error":"Authentication required","code":"auth.missing"})");
  EXPECT_EQ(get("/items/special", basic("alice:wonderland")).body, "literal");
}

TEST_F(Auth, MalformedBasicHeadersAre401Invalid) {
  for (const std::string& bad :
       std::vector<std::string>{"Basic !!!", "Basic YWxpY2U=", "Basic YT", basic("\xff\xfe:x")}) {
    const HttpResult r = get("/items/special", bad);
    EXPECT_EQ(r.status, 401) << bad;
    EXPECT_EQ(r.body, R"({"error":"Invalid credentials","code":"auth.invalid"})") << bad;
    EXPECT_EQ(r.header("WWW-Authenticate"), "Basic realm=\"ops\", charset=\"UTF-8\"");
  }
}

// Its own daemon: the failure counter is per client address across the host, as SpellBot's.
TEST(AuthThrottle, RepeatedFailuresFromOneAddressAreThrottled) {
  if (!authPluginsBuilt()) GTEST_SKIP() << "auth plugins not built";
  HostProcess host(authConfig());
  ASSERT_EQ(host.runToExit({"token", "create", "--realm", "api", "--scopes", "admin"}), 0);
  std::smatch m;
  const std::string log = host.log();
  ASSERT_TRUE(std::regex_search(log, m, std::regex("secret: ([0-9a-f]{64})")));
  const std::string admin = m[1];
  ASSERT_TRUE(host.start()) << host.log();
  auto post = [&](const std::string& token) {
    return HttpClient::send(host.port("main"), "POST", "/admin", {},
                            {{"Authorization", "Bearer " + token}})
        .status;
  };
  // POST /admin throttles after 3 failures per minute; later failures answer 429.
  std::vector<int> statuses;
  for (int i = 0; i < 5; ++i) statuses.push_back(post("bad-" + std::to_string(i)));
  EXPECT_EQ(statuses, (std::vector<int>{401, 401, 401, 429, 429}));
  // A valid credential still passes: only failures are limited.
  EXPECT_EQ(post(admin), 200);
  // Routes without throttling are not affected.
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/private/data", {},
                             {{"Authorization", "Bearer bad"}})
                .status,
            401);
}

TEST(AuthStartup, PolicyNamingAnUnknownAuthenticatorIsRefused) {
  if (!authPluginsBuilt()) GTEST_SKIP() << "auth plugins not built";
  Json config = HostProcess::baseConfig();
  config["plugins"]["app"] = {{"library", HostProcess::fixtureDir() + "/libfixture-behaviour.so"},
                              {"listener", "main"},
                              {"config", {{"protect_with", "bearer:nobody"}}}};
  HostProcess host(config);
  EXPECT_FALSE(host.start());
  EXPECT_NE(host.log().find("refused: a policy names the authenticator 'bearer:nobody'"),
            std::string::npos)
      << host.log();
}

TEST(AuthStartup, RoutesPluginWithoutListenerIsRefused) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["hello"] = Json::object();
  HostProcess host(config);
  EXPECT_FALSE(host.start());
  EXPECT_NE(host.log().find("plugin 'hello' (" + HostProcess::pluginDir() +
                            "/libhello.so) refused: serves routes but names no \"listener\""),
            std::string::npos)
      << host.log();
}

TEST(AuthCli, UsageErrorsAndUnknownIds) {
  HostProcess host(HostProcess::baseConfig());
  EXPECT_EQ(host.runToExit({"token", "create"}), 2);
  EXPECT_EQ(host.runToExit({"token", "revoke", "--realm", "x", "abc"}), 2);
  EXPECT_EQ(host.runToExit({"token", "revoke", "--realm", "x", "42"}), 1);
  EXPECT_NE(host.log().find("no active credential 42 in realm x"), std::string::npos);
  EXPECT_EQ(host.runToExit({"user", "add", "--realm", "x", "bob"}, ""), 2);  // no password
  EXPECT_EQ(host.runToExit({"user", "remove", "--realm", "x", "bob"}), 1);
}

}  // namespace
}  // namespace apiary::test
