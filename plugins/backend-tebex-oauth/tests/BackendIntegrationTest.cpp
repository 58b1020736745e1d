// backend-tebex-oauth in the real daemon, mounted beside spectra on one listener (both with
// prefix ""), against local fake Tebex and Discord servers; and, not enabled, the two paths
// answering spectra's 404 page.
#include "FakeUpstream.hpp"
#include "HostProcess.h"
#include "HttpClient.h"

#include <gtest/gtest.h>

#include <fstream>
#include <optional>

namespace backend_tebex_oauth::testing {
namespace {

using apiary::test::HostProcess;
using apiary::test::HttpClient;
using apiary::test::HttpResult;
using Json = nlohmann::ordered_json;

std::string expressPage(const std::string& path) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error"
         "</title>\n</head>\n<body>\n<pre>Cannot GET " +
         path + "</pre>\n</body>\n</html>\n";
}

Json backendSettings(const std::string& upstream) {
  return {{"enabled_by_default", true},
          {"tebex_base_url", upstream},
          {"tebex_store_id", "store-1"},
          {"tebex_extension_id", "ext-1"},
          {"discord_client_id", "cid"},
          {"discord_client_secret", "csecret"},
          {"discord_redirect_uri", "https://api.example/client/oauth-callback"},
          {"discord_api_base_url", upstream + "/api"},
          {"client_deeplink", "spectra-client://oauth"},
          {"timeout_ms", 5000}};
}

// apiary.json with spectra (and, when given, backend-tebex-oauth) on the "main" listener.
Json config(const std::optional<Json>& backend) {
  Json c = HostProcess::baseConfig();
  c["plugins"]["spectra"] = {{"listener", "main"}, {"prefix", ""}, {"config", Json::object()}};
  if (backend)
    c["plugins"]["backend-tebex-oauth"] = {
        {"listener", "main"}, {"prefix", ""}, {"config", *backend}};
  return c;
}

void expectSpectra404(int port, const std::string& path) {
  const HttpResult r = HttpClient::send(port, "GET", path);
  EXPECT_EQ(r.status, 404) << path;
  EXPECT_EQ(r.body, expressPage(path.substr(0, path.find('?'))));
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("Content-Security-Policy"), "default-src 'none'");
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "*");
}

class BackendHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    upstream_ = new FakeUpstream();
    host_ = new HostProcess(config(backendSettings(upstream_->url())));
    ASSERT_TRUE(host_->start()) << host_->log();
    port_ = host_->port("main");
  }
  static void TearDownTestSuite() {
    delete host_;
    delete upstream_;
    host_ = nullptr;
    upstream_ = nullptr;
  }
  static HttpResult get(const std::string& target) {
    return HttpClient::send(port_, "GET", target);
  }

  static FakeUpstream* upstream_;
  static HostProcess* host_;
  static int port_;
};
FakeUpstream* BackendHttp::upstream_ = nullptr;
HostProcess* BackendHttp::host_ = nullptr;
int BackendHttp::port_ = 0;

TEST_F(BackendHttp, SupportPackagesFromTebexAreCached) {
  const std::string expected =
      R"([{"id":101,"name":"Supporter","total_price":4.99,"checkoutUrl":")" + upstream_->url() +
      R"(/checkout/store-1/101?extensionId=ext-1"}])";
  HttpResult r = get("/getSupportPackages");
  ASSERT_EQ(r.status, 200) << r.body << host_->log();
  EXPECT_EQ(r.body, expected);
  EXPECT_EQ(r.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "*");
  r = get("/getSupportPackages");
  EXPECT_EQ(r.body, expected);
  EXPECT_EQ(upstream_->packageRequests(), 1);
}

TEST_F(BackendHttp, OAuthCallbackRendersTheSuccessPage) {
  const HttpResult r = get("/client/oauth-callback?code=good-code");
  ASSERT_EQ(r.status, 200) << r.body << host_->log();
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "*");
  EXPECT_NE(r.body.find("Welcome, Zed &amp; Co!"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("spectra-client://oauth?userId=555&amp;username=zed&amp;avatar=av1"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(host_->log().find("csecret"), std::string::npos);
}

TEST_F(BackendHttp, OAuthErrorsAsUpstream) {
  HttpResult r = get("/client/oauth-callback?code=bad-code");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"error":"Failed to fetch user data"})");
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "*");
  r = get("/client/oauth-callback");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"error":"Missing code"})");
}

TEST_F(BackendHttp, SpectraStillAnswersBesideIt) {
  EXPECT_EQ(get("/status").status, 200);
  expectSpectra404(port_, "/nope");
  const HttpResult pre = HttpClient::send(port_, "OPTIONS", "/getSupportPackages");
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("Access-Control-Allow-Origin"), "*");
}

TEST(BackendNotEnabled, UseBackendFalseAnswersSpectras404) {
  FakeUpstream upstream;
  HostProcess host(config(backendSettings(upstream.url())), {}, {{"USE_BACKEND", "false"}});
  ASSERT_TRUE(host.start()) << host.log();
  expectSpectra404(host.port("main"), "/getSupportPackages");
  expectSpectra404(host.port("main"), "/client/oauth-callback?code=good-code");
  EXPECT_EQ(upstream.packageRequests(), 0);
  EXPECT_NE(host.log().find("not registered"), std::string::npos) << host.log();
}

TEST(BackendNotEnabled, PluginNotConfiguredAnswersSpectras404) {
  HostProcess host(config(std::nullopt));
  ASSERT_TRUE(host.start()) << host.log();
  expectSpectra404(host.port("main"), "/getSupportPackages");
  expectSpectra404(host.port("main"), "/client/oauth-callback?code=x");
}

TEST(BackendNotEnabled, ShippedConfigIsValidAndOff) {
  std::ifstream in(HostProcess::sourceDir() + "/config/conf.d/25-backend-tebex-oauth.json");
  ASSERT_TRUE(in);
  const Json file = Json::parse(in);
  const Json& entry = file.at("plugins").at("backend-tebex-oauth");
  EXPECT_EQ(entry.at("enabled"), false);
  EXPECT_EQ(entry.at("listener"), "spectra");
  EXPECT_EQ(entry.at("prefix"), "");
  // Its placeholder settings pass validation.
  HostProcess host(config(entry.at("config")));
  ASSERT_TRUE(host.start()) << host.log();
}

}  // namespace
}  // namespace backend_tebex_oauth::testing
