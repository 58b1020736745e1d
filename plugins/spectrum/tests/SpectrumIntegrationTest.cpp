// The spectrum plugin in the real daemon over real HTTP, authenticated by auth-basic against
// the host's credential store, with webhook deliveries to a local receiver. Skipped while
// libauth-basic.so is not built.
#include "../WebhookSigner.hpp"
#include "HostProcess.h"
#include "HttpClient.h"
#include "WebhookReceiver.hpp"

#include <gtest/gtest.h>
#include <apiary/base64.hpp>

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

namespace spectrum::test {
namespace {

using apiary::test::HostProcess;
using apiary::test::HttpClient;
using apiary::test::HttpResult;
using Json = nlohmann::ordered_json;

bool authBasicBuilt() {
  return std::ifstream(HostProcess::pluginDir() + "/libauth-basic.so").good();
}

std::string base64(const std::string& in) {
  return apiary::base64::encode(in);
}

struct Project {
  std::string id, secret;
  HttpClient::Headers auth() const {
    return {{"Authorization", "Basic " + base64(id + ":" + secret)}};
  }
};

Json spectrumConfig(Json pluginConfig) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["basic:spectrum"] = {{"library", "auth-basic"},
                                         {"config", {{"realm", "spectrum"}}}};
  config["plugins"]["spectrum"] = {
      {"listener", "main"}, {"max_body_bytes", 65536}, {"config", std::move(pluginConfig)}};
  return config;
}

Project createProject(HostProcess& host, const std::string& name) {
  EXPECT_EQ(host.runToExit({"spectrum", "project", "create", "--name", name}), 0) << host.log();
  const std::string log = host.log();
  // The last id/secret pair printed so far.
  Project p;
  const std::regex pair("id: ([0-9a-f-]{36})\nsecret: ([0-9a-f]{64})");
  for (auto it = std::sregex_iterator(log.begin(), log.end(), pair); it != std::sregex_iterator();
       ++it) {
    p.id = (*it)[1];
    p.secret = (*it)[2];
  }
  EXPECT_FALSE(p.id.empty()) << log;
  return p;
}

void expectError(const HttpResult& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  const auto body = Json::parse(r.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << r.body;
  EXPECT_EQ(r.body.rfind("{\"succeed\":false,\"code\":\"" + code + "\",\"message\":", 0), 0u)
      << r.body;
  EXPECT_EQ(r.header("Content-Type").rfind("application/json", 0), 0u);
}

class SpectrumHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!authBasicBuilt()) return;
    receiver_ = new WebhookReceiver();
    host_ = new HostProcess(spectrumConfig({{"rate_limit", {{"enabled", false}}},
                                            {"allow_insecure_webhooks", true},
                                            {"allow_private_addresses", true},
                                            {"delivery",
                                             {{"workers", 2},
                                              {"poll_interval_ms", 20},
                                              {"jitter", false},
                                              {"retry_delays_ms", {50, 50, 50, 50, 50}}}}}));
    a_ = createProject(*host_, "Acme");
    b_ = createProject(*host_, "Beta");
    rotating_ = createProject(*host_, "Rotating");
    ASSERT_EQ(host_->runToExit({"spectrum", "pool", "add", "dedicated", "+15550100001"}), 0);
    ASSERT_EQ(host_->runToExit({"spectrum", "pool", "add", "shared", "+15550200001"}), 0);
    ASSERT_TRUE(host_->start()) << host_->log();
    port_ = host_->port("main");
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
    delete receiver_;
    receiver_ = nullptr;
  }
  void SetUp() override {
    if (!authBasicBuilt()) GTEST_SKIP() << "libauth-basic.so is not built";
  }

  static HttpResult send(const std::string& method, const std::string& target, const Project& p,
                         const std::string& body = {}) {
    HttpClient::Headers headers = p.auth();
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    return HttpClient::send(port_, method, target, body, headers);
  }
  static Json data(const HttpResult& r) { return Json::parse(r.body)["data"]; }

  static HostProcess* host_;
  static WebhookReceiver* receiver_;
  static int port_;
  static Project a_, b_, rotating_;
};
HostProcess* SpectrumHttp::host_ = nullptr;
WebhookReceiver* SpectrumHttp::receiver_ = nullptr;
int SpectrumHttp::port_ = 0;
Project SpectrumHttp::a_, SpectrumHttp::b_, SpectrumHttp::rotating_;

TEST_F(SpectrumHttp, GetProjectWithBasicAuth) {
  for (const std::string& path :
       std::vector<std::string>{"/projects/" + a_.id + "/", "/projects/" + a_.id}) {
    const HttpResult r = send("GET", path, a_);
    ASSERT_EQ(r.status, 200) << r.body << host_->log();
    EXPECT_EQ(data(r)["id"], a_.id);
    EXPECT_EQ(data(r)["name"], "Acme");
    EXPECT_EQ(r.body.find(a_.secret), std::string::npos);
  }
}

TEST_F(SpectrumHttp, CredentialFailuresAre401InTheEnvelope) {
  const std::string path = "/projects/" + a_.id + "/webhooks/";
  HttpResult r = HttpClient::send(port_, "GET", path);
  expectError(r, 401, "unauthorized");
  EXPECT_NE(r.header("WWW-Authenticate").find("Basic"), std::string::npos);
  expectError(send("GET", path, {a_.id, "wrong-secret"}), 401, "unauthorized");
  expectError(send("GET", path, {a_.id, b_.secret}), 401, "unauthorized");
  expectError(HttpClient::send(port_, "GET", path, {}, {{"Authorization", "Basic %%%"}}), 401,
              "unauthorized");
  // Valid credentials for B on A's path.
  expectError(send("GET", path, b_), 401, "unauthorized");
  expectError(send("GET", "/projects/not-a-uuid/", a_), 401, "unauthorized");
}

TEST_F(SpectrumHttp, UnknownRoutesAndOversizedBodiesUseTheEnvelope) {
  expectError(send("GET", "/projects/" + a_.id + "/nothing/", a_), 404, "not_found");
  expectError(send("DELETE", "/projects/" + a_.id + "/platforms/", a_), 404, "not_found");
  // Announced beyond the mount's 64 KiB limit: refused before the body is read.
  const std::string response = HttpClient::raw(
      port_, "POST /projects/" + a_.id +
                 "/webhooks/ HTTP/1.1\r\nHost: x\r\nAuthorization: " + a_.auth()[0].second +
                 "\r\nContent-Type: application/json\r\n" + "Content-Length: 70000\r\n\r\n{");
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response;
  EXPECT_NE(response.find("{\"succeed\":false,\"code\":\"payload_too_large\",\"message\":"),
            std::string::npos)
      << response;
}

TEST_F(SpectrumHttp, MalformedInputIs422) {
  const std::string users = "/projects/" + a_.id + "/users/";
  for (const std::string& body : std::vector<std::string>{
           "not json", "[]", "{\"type\":\"shared\"}",
           "{\"type\":5,\"phoneNumber\":\"+14155550123\"}",
           "{\"type\":\"shared\",\"phoneNumber\":\"+14155550123\",\"firstName\":\"" +
               std::string(1000, 'x') + "\"}",
           "{\"type\":\"shared\",\"phoneNumber\":\"+1415\xff\"}"})
    expectError(send("POST", users, a_, body), 422, "validation_error");
  expectError(send("GET", users + "123/", a_), 422, "validation_error");
  expectError(send("POST", "/projects/" + a_.id + "/webhooks", a_, R"({"webhookUrl":"nope"})"), 422,
              "validation_error");
}

TEST_F(SpectrumHttp, UsersAndLinesOverHttp) {
  const std::string base = "/projects/" + b_.id;
  HttpResult r = send("POST", base + "/lines/", b_, R"({"platform":"imessage"})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string line = data(r)["line"]["phoneNumber"];
  EXPECT_EQ(data(r)["billing"]["quantity"], 1);
  r = send(
      "POST", base + "/users/", b_,
      R"({"type":"dedicated","phoneNumber":"+14155550123","firstName":"Zoë 🐝","assignedPhoneNumber":")" +
          line + "\"}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(data(r)["firstName"], "Zoë 🐝");
  const std::string id = data(r)["id"];
  r = send("POST", base + "/users", b_, R"({"type":"shared","phoneNumber":"+14155550999"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(data(r)["assignedPhoneNumber"], "+15550200001");
  r = send("GET", base + "/users/?type=dedicated&id=" + id, b_);
  ASSERT_EQ(data(r)["users"].size(), 1u);
  r = send("GET", base + "/lines/route", b_);
  EXPECT_EQ(data(r)["isBestAvailable"], true);
  EXPECT_EQ(send("DELETE", base + "/users/" + id + "/", b_).status, 200);
  expectError(send("DELETE", base + "/users/" + id + "/", b_), 404, "not_found");
  r = send("PATCH", base + "/platforms", b_, R"({"platform":"imessage","enabled":true})");
  EXPECT_EQ(data(r)["imessage"]["enabled"], true);
}

TEST_F(SpectrumHttp, WebhookDeliveriesAreSignedAndRetried) {
  const std::string base = "/projects/" + a_.id + "/webhooks/";
  HttpResult r = send("POST", base, a_, Json{{"webhookUrl", receiver_->url("/hook")}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string id = data(r)["id"];
  const std::string secret = data(r)["signingSecret"];
  expectError(send("POST", base, a_, Json{{"webhookUrl", receiver_->url("/hook")}}.dump()), 409,
              "conflict");

  // Two failures, then success: three requests, identical body, each freshly signed.
  receiver_->respondWith({500, 503});
  const size_t before = receiver_->received().size();
  r = send("POST", base + id + "/test", a_);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(receiver_->waitFor(before + 3, 10000)) << host_->log();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // no fourth attempt
  const auto got = receiver_->received();
  ASSERT_EQ(got.size(), before + 3);
  for (size_t i = before; i < got.size(); ++i) {
    const ReceivedRequest& q = got[i];
    EXPECT_EQ(q.method, "POST");
    EXPECT_EQ(q.uri, "/hook");
    EXPECT_EQ(q.header("x-spectrum-event"), "webhook.test");
    EXPECT_EQ(q.header("x-spectrum-webhook-id"), id);
    const std::string ts = q.header("x-spectrum-timestamp");
    ASSERT_FALSE(ts.empty());
    EXPECT_LE(std::abs(std::stoll(ts) - std::chrono::duration_cast<std::chrono::seconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count()),
              300);
    EXPECT_TRUE(
        WebhookSigner::verify(secret, std::stoll(ts), q.body, q.header("x-spectrum-signature")))
        << q.header("x-spectrum-signature");
    EXPECT_EQ(Json::parse(q.body)["webhookId"], id);
  }

  // An event emitted for the project (operator CLI on the same storage) reaches it too.
  ASSERT_EQ(host_->runToExit(
                {"spectrum", "event", "emit", a_.id, "messages", R"({"message":{"text":"hi"}})"}),
            0);
  ASSERT_TRUE(receiver_->waitFor(before + 4, 10000)) << host_->log();
  const auto last = receiver_->received().back();
  EXPECT_EQ(last.header("x-spectrum-event"), "messages");
  EXPECT_EQ(last.body, R"({"event":"messages","message":{"text":"hi"}})");

  EXPECT_EQ(send("DELETE", base + id + "/", a_).status, 200);
  expectError(send("DELETE", base + id, a_), 404, "not_found");
}

TEST_F(SpectrumHttp, RegenerateSecretOverHttp) {
  const std::string path = "/projects/" + rotating_.id + "/regenerate-secret";
  const HttpResult r = send("POST", path, rotating_);
  ASSERT_EQ(r.status, 200) << r.body;
  const Project fresh{rotating_.id, data(r)["projectSecret"]};
  expectError(send("GET", "/projects/" + rotating_.id + "/", rotating_), 401, "unauthorized");
  EXPECT_EQ(send("GET", "/projects/" + rotating_.id + "/", fresh).status, 200);
  rotating_ = fresh;
}

TEST(SpectrumHttpRateLimit, SixthRequestInASecondIs429) {
  if (!authBasicBuilt()) GTEST_SKIP() << "libauth-basic.so is not built";
  HostProcess host(spectrumConfig({{"rate_limit", {{"enabled", true}}}}));
  const Project p = createProject(host, "Limited");
  ASSERT_TRUE(host.start()) << host.log();
  int limited = 0, ok = 0;
  HttpResult last;
  for (int i = 0; i < 12; ++i) {
    last = HttpClient::send(host.port("main"), "GET", "/projects/" + p.id + "/", {}, p.auth());
    (last.status == 429 ? limited : ok) += 1;
    if (last.status == 429) expectError(last, 429, "rate_limited");
  }
  EXPECT_GE(limited, 1);
  EXPECT_LE(ok, 10);  // at most two windows' worth, however slow the machine
}

TEST(SpectrumHttpConfig, ShippedConfigsValidate) {
  if (!authBasicBuilt()) GTEST_SKIP() << "libauth-basic.so is not built";
  for (const char* file :
       {"/config/conf.d/40-spectrum.json", "/config/dev/conf.d/40-spectrum.json"}) {
    std::ifstream in(HostProcess::sourceDir() + file);
    ASSERT_TRUE(in.good()) << file;
    const Json shipped = Json::parse(in);
    Json config = HostProcess::baseConfig();
    for (const auto& [name, plugin] : shipped["plugins"].items()) {
      config["plugins"][name] = plugin;
      if (plugin.contains("listener")) config["plugins"][name]["listener"] = "main";
    }
    HostProcess host(config);
    EXPECT_EQ(host.runToExit({"--check-config"}), 0) << file << "\n" << host.log();
  }
}

}  // namespace
}  // namespace spectrum::test
