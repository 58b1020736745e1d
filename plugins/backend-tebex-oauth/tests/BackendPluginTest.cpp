// backend-tebex-oauth through the fake host: the two routes against scripted Tebex and Discord
// answers, the cache and its single flight, the switch (USE_BACKEND / enabled_by_default) and
// config validation.
#include "BackendPlugin.hpp"

#include <gtest/gtest.h>
#include <apiary/testing/fake_host.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace backend_tebex_oauth {
namespace {

using apiary::testing::FakeHost;
using apiary::testing::FakeResponse;
using Json = nlohmann::ordered_json;

constexpr const char* kPackagesUrl = "https://tebex.test/packages/store%201?extensionId=ext-9";
constexpr const char* kTokenUrl = "https://discord.test/api/oauth2/token";
constexpr const char* kUserUrl = "https://discord.test/api/users/@me";
constexpr const char* kPackagesError = R"({"error":"Failed to fetch packages"})";
constexpr const char* kUserError = R"({"error":"Failed to fetch user data"})";

inline constexpr const char* kEnvironment[] = {
    "USE_BACKEND",       "TEBEX_BASE_URL",         "TEBEX_STORE_ID",       "TEBEX_EXTENSION_ID",
    "DISCORD_CLIENT_ID", "DISCORD_CLIENT_SECRET",  "DISCORD_REDIRECT_URI", "DISCORD_OAUTH_URL",
    "DISCORD_USER_URL",  "SPECTRA_CLIENT_DEEPLINK"};

Json baseConfig() {
  return {{"enabled_by_default", true},
          {"tebex_base_url", "https://tebex.test/"},
          {"tebex_store_id", "store 1"},
          {"tebex_extension_id", "ext-9"},
          {"discord_client_id", "client-1"},
          {"discord_client_secret", "s3cr&t=x"},
          {"discord_redirect_uri", "https://eu.example:5101/client/oauth-callback"},
          {"discord_api_base_url", "https://discord.test/api"},
          {"client_deeplink", "spectra-client://oauth"},
          {"timeout_ms", 1500}};
}

class BackendTest : public ::testing::Test {
 protected:
  void SetUp() override { clearEnvironment(); }
  void TearDown() override { clearEnvironment(); }
  static void clearEnvironment() {
    for (const char* name : kEnvironment) ::unsetenv(name);
  }
  static FakeHost load(const Json& config = baseConfig()) {
    return FakeHost::load<BackendPlugin>(config.dump(), "backend-tebex-oauth");
  }
  static void scriptToken(FakeHost& host) {
    host.http().respond("POST", kTokenUrl, 200,
                        R"({"access_token":"tok-1","token_type":"Bearer","scope":"identify"})");
  }
};

// --- /getSupportPackages ----------------------------------------------------------------------

TEST_F(BackendTest, PackagesGetCheckoutUrlsAsUpstream) {
  FakeHost host = load();
  host.http().respond("GET", kPackagesUrl, 200,
                      R"([{"id":42,"name":"Gold","base_price":5.5},{"id":"x y","name":"S"}])");
  const FakeResponse r = host.call("GET", "/getSupportPackages");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(
      r.body,
      R"([{"id":42,"name":"Gold","base_price":5.5,"checkoutUrl":"https://tebex.test/checkout/store%201/42?extensionId=ext-9"},)"
      R"({"id":"x y","name":"S","checkoutUrl":"https://tebex.test/checkout/store%201/x%20y?extensionId=ext-9"}])");
  const auto sent = host.http().requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_FALSE(sent[0].header("Authorization"));
  EXPECT_EQ(sent[0].totalTimeoutMs, 1500);
  // Paths match as in Express.
  EXPECT_EQ(host.call("GET", "/GETSUPPORTPACKAGES/").status, 200);
  EXPECT_EQ(host.call("POST", "/getSupportPackages").status, 404);
}

TEST_F(BackendTest, PackagesUpstreamErrorStatusesAre502) {
  for (int status : {400, 404, 429, 500, 503}) {
    FakeHost host = load();
    host.http().respond("GET", kPackagesUrl, status, R"({"message":"nope"})");
    const FakeResponse r = host.call("GET", "/getSupportPackages");
    EXPECT_EQ(r.status, 502) << status;
    EXPECT_EQ(r.body, kPackagesError);
  }
}

TEST_F(BackendTest, PackagesNetworkErrorsAndTimeouts) {
  FakeHost host = load();
  host.http().fail("GET", kPackagesUrl, APIARY_HTTP_TIMEOUT);
  FakeResponse r = host.call("GET", "/getSupportPackages");
  EXPECT_EQ(r.status, 504);
  EXPECT_EQ(r.body, kPackagesError);
  for (int32_t kind :
       {APIARY_HTTP_REFUSED, APIARY_HTTP_TLS, APIARY_HTTP_NETWORK, APIARY_HTTP_TOO_LARGE}) {
    host.http().fail("GET", kPackagesUrl, kind);
    r = host.call("GET", "/getSupportPackages");
    EXPECT_EQ(r.status, 502) << kind;
    EXPECT_EQ(r.body, kPackagesError);
  }
  // Failures are not cached: the next request fetches again and succeeds.
  host.http().respond("GET", kPackagesUrl, 200, "[]");
  EXPECT_EQ(host.call("GET", "/getSupportPackages").status, 200);
}

TEST_F(BackendTest, PackagesInvalidJsonOrNotAListIs502) {
  for (const char* body : {"not json", "", R"({"data":[]})", "42", "[1,2]", R"([{"id":1},null])"}) {
    FakeHost host = load();
    host.http().respond("GET", kPackagesUrl, 200, body);
    const FakeResponse r = host.call("GET", "/getSupportPackages");
    EXPECT_EQ(r.status, 502) << body;
    EXPECT_EQ(r.body, kPackagesError) << body;
  }
}

TEST_F(BackendTest, PackagesAreCachedForTenMinutesEmptyListToo) {
  FakeHost host = load();
  host.http().respond("GET", kPackagesUrl, 200, "[]");
  EXPECT_EQ(host.call("GET", "/getSupportPackages").body, "[]");
  host.http().respond("GET", kPackagesUrl, 200, R"([{"id":1}])");
  host.advance(std::chrono::minutes(9));
  EXPECT_EQ(host.call("GET", "/getSupportPackages").body, "[]");
  EXPECT_EQ(host.http().requests().size(), 1u);
  host.advance(std::chrono::minutes(1));
  const FakeResponse r = host.call("GET", "/getSupportPackages");
  EXPECT_EQ(Json::parse(r.body).at(0).at("id"), 1);
  EXPECT_EQ(host.http().requests().size(), 2u);
  EXPECT_EQ(host.call("GET", "/getSupportPackages").body, r.body);
  EXPECT_EQ(host.http().requests().size(), 2u);
}

TEST_F(BackendTest, ConcurrentRequestsShareOneFetch) {
  FakeHost host = load();
  host.http().respond("GET", kPackagesUrl, 200, R"([{"id":7}])");
  constexpr int kThreads = 16;
  std::vector<std::thread> threads;
  std::vector<int> statuses(kThreads, 0);
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      for (int k = 0; k < 20; ++k) {
        const int status = host.call("GET", "/getSupportPackages").status;
        if (status != 200) statuses[i] = status;
      }
      if (statuses[i] == 0) statuses[i] = 200;
    });
  for (auto& t : threads) t.join();
  for (int s : statuses) EXPECT_EQ(s, 200);
  EXPECT_EQ(host.http().requests().size(), 1u);
  // After expiry, concurrent requests again make exactly one fetch.
  host.advance(std::chrono::minutes(10));
  threads.clear();
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] { EXPECT_EQ(host.call("GET", "/getSupportPackages").status, 200); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(host.http().requests().size(), 2u);
}

// --- /client/oauth-callback -------------------------------------------------------------------

TEST_F(BackendTest, OAuthSuccessRendersThePageWithAnEncodedDeepLink) {
  FakeHost host = load();
  scriptToken(host);
  host.http().respond("GET", kUserUrl, 200,
                      R"({"id":"123","username":"bob&co","avatar":null,"global_name":"<Bob>"})");
  const FakeResponse r = host.call("GET", "/client/oauth-callback?code=a%2Bb%20c");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<title>Discord OAuth Success</title>"), std::string::npos);
  EXPECT_NE(r.body.find("Discord Login Successful"), std::string::npos);
  EXPECT_NE(r.body.find("Welcome, &lt;Bob&gt;!"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("<Bob>"), std::string::npos);
  EXPECT_NE(r.body.find("Open Spectra Client"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"spectra-client://oauth?userId=123&amp;username=bob%26co&amp;"
                        "avatar=null\""),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("\"spectra-client://oauth?userId=123\\u0026username=bob%26co\\u0026"
                        "avatar=null\""),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("2000"), std::string::npos);
  EXPECT_EQ(r.body.find("s3cr"), std::string::npos);

  const auto sent = host.http().requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "POST");
  EXPECT_EQ(sent[0].url, kTokenUrl);
  EXPECT_EQ(sent[0].header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(
      sent[0].body,
      "client_id=client-1&client_secret=s3cr%26t%3Dx&grant_type=authorization_code"
      "&code=a%2Bb%20c&redirect_uri=https%3A%2F%2Feu.example%3A5101%2Fclient%2Foauth-callback");
  EXPECT_EQ(sent[1].method, "GET");
  EXPECT_EQ(sent[1].url, kUserUrl);
  EXPECT_EQ(sent[1].header("Authorization"), "Bearer tok-1");
}

TEST_F(BackendTest, OAuthUsesUsernameWithoutGlobalName) {
  FakeHost host = load();
  scriptToken(host);
  host.http().respond("GET", kUserUrl, 200,
                      R"({"id":"9","username":"alice","avatar":"ab12","global_name":null})");
  const FakeResponse r = host.call("GET", "/client/oauth-callback?code=c");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Welcome, alice!"), std::string::npos);
  EXPECT_NE(r.body.find("userId=9&amp;username=alice&amp;avatar=ab12"), std::string::npos);
}

TEST_F(BackendTest, OAuthMissingOrEmptyCodeIs400WithoutCalls) {
  FakeHost host = load();
  for (const char* target : {"/client/oauth-callback",
                             "/client/oauth-callback?code=", "/client/oauth-callback?other=1"}) {
    const FakeResponse r = host.call("GET", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.body, R"({"error":"Missing code"})");
  }
  EXPECT_TRUE(host.http().requests().empty());
}

TEST_F(BackendTest, OAuthUserFetchErrorsKeepDiscordsStatus) {
  for (int status : {401, 403, 429, 500}) {
    FakeHost host = load();
    scriptToken(host);
    host.http().respond("GET", kUserUrl, status, R"({"message":"401: Unauthorized"})");
    const FakeResponse r = host.call("GET", "/client/oauth-callback?code=c");
    EXPECT_EQ(r.status, status);
    EXPECT_EQ(r.body, kUserError);
  }
}

TEST_F(BackendTest, OAuthRejectedCodeIs401WithoutAUserCall) {
  FakeHost host = load();
  host.http().respond("POST", kTokenUrl, 400, R"({"error":"invalid_grant"})");
  FakeResponse r = host.call("GET", "/client/oauth-callback?code=bad");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, kUserError);
  EXPECT_EQ(host.http().requests().size(), 1u);
  host.http().respond("POST", kTokenUrl, 503, "down");
  r = host.call("GET", "/client/oauth-callback?code=bad");
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.body.find("s3cr"), std::string::npos);
}

TEST_F(BackendTest, OAuthTimeoutsNetworkErrorsAndInvalidJson) {
  FakeHost host = load();
  host.http().fail("POST", kTokenUrl, APIARY_HTTP_TIMEOUT);
  FakeResponse r = host.call("GET", "/client/oauth-callback?code=c");
  EXPECT_EQ(r.status, 504);
  EXPECT_EQ(r.body, kUserError);
  host.http().fail("POST", kTokenUrl, APIARY_HTTP_REFUSED);
  EXPECT_EQ(host.call("GET", "/client/oauth-callback?code=c").status, 502);
  host.http().respond("POST", kTokenUrl, 200, "<html>");
  EXPECT_EQ(host.call("GET", "/client/oauth-callback?code=c").status, 401);

  scriptToken(host);
  host.http().fail("GET", kUserUrl, APIARY_HTTP_TIMEOUT);
  EXPECT_EQ(host.call("GET", "/client/oauth-callback?code=c").status, 504);
  host.http().respond("GET", kUserUrl, 200, "not json");
  r = host.call("GET", "/client/oauth-callback?code=c");
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.body, kUserError);
  host.http().respond("GET", kUserUrl, 200, "[]");
  EXPECT_EQ(host.call("GET", "/client/oauth-callback?code=c").status, 502);
}

TEST_F(BackendTest, SecretIsNeverLogged) {
  FakeHost host = load();
  for (const auto& line : host.logs()) EXPECT_EQ(line.find("s3cr"), std::string::npos) << line;
}

// --- enabling, config -------------------------------------------------------------------------

TEST_F(BackendTest, DisabledRegistersNoRoutesAndAnswersExpress404) {
  for (const char* value : {"false", "TRUE", "1", ""}) {
    ::setenv("USE_BACKEND", value, 1);
    FakeHost host = load();
    const FakeResponse r = host.call("GET", "/getSupportPackages");
    EXPECT_EQ(r.status, 404) << value;
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(r.body,
              "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error"
              "</title>\n</head>\n<body>\n<pre>Cannot GET /getSupportPackages</pre>\n</body>\n"
              "</html>\n");
    EXPECT_EQ(host.call("GET", "/client/oauth-callback?code=x").status, 404);
    EXPECT_TRUE(host.http().requests().empty());
    bool logged = false;
    for (const auto& line : host.logs())
      logged = logged || line.find("not registered") != std::string::npos;
    EXPECT_TRUE(logged);
  }
}

TEST_F(BackendTest, UseBackendTrueEnablesAndUpstreamVariablesOverride) {
  Json config = baseConfig();
  config["enabled_by_default"] = false;
  {
    FakeHost host = load(config);
    EXPECT_EQ(host.call("GET", "/getSupportPackages").status, 404);
  }
  ::setenv("USE_BACKEND", "true", 1);
  ::setenv("TEBEX_BASE_URL", "http://127.0.0.1:9", 1);
  FakeHost host = load(config);
  host.http().respond("GET", "http://127.0.0.1:9/packages/store%201?extensionId=ext-9", 200, "[]");
  EXPECT_EQ(host.call("GET", "/getSupportPackages").status, 200);
}

TEST_F(BackendTest, DisabledNeedsNoSettings) {
  EXPECT_TRUE(FakeHost::validate<BackendPlugin>("{}").empty());
  const auto errors = FakeHost::validate<BackendPlugin>(R"({"enabled_by_default": true})");
  EXPECT_EQ(errors.size(), 7u);
}

TEST_F(BackendTest, ValidationIsStrict) {
  auto errorsFor = [](const Json& config) {
    return FakeHost::validate<BackendPlugin>(config.dump());
  };
  EXPECT_TRUE(errorsFor(baseConfig()).empty());
  Json c = baseConfig();
  c["unknown"] = 1;
  EXPECT_EQ(errorsFor(c).size(), 1u);
  c = baseConfig();
  c["tebex_base_url"] = "ftp://x";
  EXPECT_EQ(errorsFor(c).size(), 1u);
  c = baseConfig();
  c["timeout_ms"] = 0;
  EXPECT_EQ(errorsFor(c).size(), 1u);
  c = baseConfig();
  c["discord_client_secret_file"] = "/nonexistent/secret";
  EXPECT_EQ(errorsFor(c).size(), 2u);  // both given, and unreadable
  c = baseConfig();
  c["client_deeplink"] = "no scheme";
  EXPECT_EQ(errorsFor(c).size(), 1u);
  c = baseConfig();
  c["enabled_by_default"] = "yes";
  EXPECT_EQ(errorsFor(c).size(), 1u);
}

TEST_F(BackendTest, SecretFromAFileIsTrimmed) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("bto-secret-" + std::to_string(::getpid())))
          .string();
  std::ofstream(path) << "  file-secret\n";
  Json config = baseConfig();
  config.erase("discord_client_secret");
  config["discord_client_secret_file"] = path;
  FakeHost host = load(config);
  std::filesystem::remove(path);
  scriptToken(host);
  host.http().respond("GET", kUserUrl, 200, R"({"id":"1","username":"u","avatar":null})");
  ASSERT_EQ(host.call("GET", "/client/oauth-callback?code=c").status, 200);
  EXPECT_NE(host.http().requests()[0].body.find("client_secret=file-secret&"), std::string::npos);
}

}  // namespace
}  // namespace backend_tebex_oauth
