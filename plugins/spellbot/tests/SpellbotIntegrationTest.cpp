// The spellbot plugin in the real daemon over real HTTP: demo data, the auth-bearer plugin on
// the /api prefix, and DMs to a local fake Discord. Skipped when libauth-bearer.so is not built
// (the plugin's /api policy names it, so the daemon would refuse spellbot without it).
#include "FakeDiscord.hpp"
#include "HostProcess.h"
#include "HttpClient.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

namespace spellbot::test {
namespace {

using apiary::test::HostProcess;
using apiary::test::HttpClient;
using Json = nlohmann::ordered_json;

bool bearerBuilt() {
  return std::filesystem::exists(HostProcess::pluginDir() + "/libauth-bearer.so");
}

class SpellbotDaemon : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!bearerBuilt()) return;
    discord_ = new FakeDiscord();
    Json config = HostProcess::baseConfig();
    config["plugins"]["bearer:spellbot"] = {{"library", "auth-bearer"},
                                            {"config", {{"realm", "spellbot"}}}};
    config["plugins"]["spellbot"] = {
        {"listener", "main"},
        {"config",
         {{"demo", true},
          {"discord",
           {{"api_url", discord_->baseUrl()},
            {"bot_token", "TEST-BOT-TOKEN"},
            {"dm", {{"retry_min_ms", 10}, {"retry_max_ms", 20}, {"reply_wait_ms", 10000}}}}}}}};
    host_ = new HostProcess(config);
    ASSERT_TRUE(host_->start()) << host_->log();
    port_ = host_->port("main");
    std::smatch m;
    const std::string log = host_->log();
    ASSERT_TRUE(std::regex_search(log, m, std::regex("shown once\\): ([0-9a-f]+)"))) << log;
    token_ = m[1];
  }
  static void TearDownTestSuite() {
    delete host_;
    delete discord_;
    host_ = nullptr;
    discord_ = nullptr;
  }
  void SetUp() override {
    if (!bearerBuilt()) GTEST_SKIP() << "libauth-bearer.so is not built";
  }

  static apiary::test::HttpResult get(const std::string& target) {
    return HttpClient::send(port_, "GET", target);
  }
  static apiary::test::HttpResult post(const std::string& target, const std::string& body,
                                       const std::string& token) {
    HttpClient::Headers headers = {{"Content-Type", "application/json"}};
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    return HttpClient::send(port_, "POST", target, body, headers);
  }

  static HostProcess* host_;
  static FakeDiscord* discord_;
  static int port_;
  static std::string token_;
};
HostProcess* SpellbotDaemon::host_ = nullptr;
FakeDiscord* SpellbotDaemon::discord_ = nullptr;
int SpellbotDaemon::port_ = 0;
std::string SpellbotDaemon::token_;

TEST_F(SpellbotDaemon, PingWithSecurityHeaders) {
  const auto r = get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok");
  EXPECT_EQ(r.header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(r.header("X-XSS-Protection"), "1; mode=block");
  EXPECT_EQ(r.header("Referrer-Policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(HttpClient::send(port_, "HEAD", "/").status, 200);
}

TEST_F(SpellbotDaemon, ErrorsCarryTheSecurityHeadersToo) {
  auto r = get("/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "404: Not Found");
  EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
  r = post("/api/game/1/verify", "{}", "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("Referrer-Policy"), "strict-origin-when-cross-origin");
}

TEST_F(SpellbotDaemon, DemoStatusAndQueues) {
  Json status = Json::parse(get("/status.json").body);
  EXPECT_EQ(status["status"]["indicator"], "operational");
  EXPECT_EQ(status["shards"]["total"], 2);
  const auto queues = get("/queues.json");
  EXPECT_EQ(queues.header("Content-Type"), "application/json; charset=utf-8");
  Json body = Json::parse(queues.body);
  EXPECT_EQ(body["queues"].size(), 3u);
  EXPECT_EQ(body["stats"]["active_games"], body["games"].size());
  // Demo guilds have no stored icon: fetched from the fake Discord and cached.
  EXPECT_EQ(body["queues"][0]["logo"].get<std::string>().rfind("https://cdn.discordapp.com/icons/", 0), 0u);
  EXPECT_EQ(Json::parse(get("/queues.json?mythic_track=1").body)["queues"].size(), 2u);
}

TEST_F(SpellbotDaemon, HtmlPages) {
  auto r = get("/g/980001/c/980101");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Ugin &lt;the Spirit Dragon&gt;"), std::string::npos);
  EXPECT_NE(r.body.find("Next page"), std::string::npos);
  EXPECT_EQ(get("/g/980001/c/980101?page=1").status, 200);
  EXPECT_EQ(get("/g/980001/u/1001").status, 200);
  EXPECT_EQ(get("/u/1001").status, 200);
  EXPECT_EQ(get("/status").status, 200);
  r = get("/g/abc/c/980101");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(get("/u/424242").status, 404);
}

TEST_F(SpellbotDaemon, ApiAuthenticationOutcomes) {
  auto r = post("/api/game/1/verify", "{}", "");
  EXPECT_EQ(r.body, R"({"error": "Missing or invalid Authorization header"})");
  r = post("/api/game/1/verify", "{}", "not-a-token");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, R"({"error": "Unauthorized"})");
  // A valid token without the path's scope, and a path too short for one.
  EXPECT_EQ(post("/api/other/thing", "{}", token_).status, 403);
  EXPECT_EQ(post("/api", "{}", token_).status, 403);
  r = post("/api/game/1/nothing", "{}", token_);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(HttpClient::send(port_, "GET", "/api/game/1/verify", {},
                             {{"Authorization", "Bearer " + token_}}).status, 405);
}

TEST_F(SpellbotDaemon, VerifyWithTheDemoToken) {
  // Demo game 1: Jace (1001) joined from guild 980001 with PIN 111111.
  auto r = post("/api/game/1/verify", R"({"user_xid": 1001, "guild_xid": 980001, "pin": "111111"})", token_);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"result": {"verified": true}})");
  r = post("/api/game/1/verify", R"({"user_xid": 1001, "guild_xid": 980001, "pin": "999999"})", token_);
  EXPECT_EQ(r.body, R"({"result": {"verified": false}})");
  r = post("/api/game/FOO/verify", "{}", token_);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"error": "invalid literal for int() with base 10: 'FOO'"})");
}

TEST_F(SpellbotDaemon, RecordSendsDirectMessagesToDiscord) {
  discord_->failWith(0);
  const size_t before = discord_->calls().size();
  const auto r = post("/api/game/1/record",
                      R"({"tracker": 1001, "winner": "chandra", "players": [
                          {"xid": 1001, "commander": "Urza, Lord High Artificer"},
                          {"xid": 1002, "commander": "Najeela, the Blade Blossom"},
                          {"xid": "Liliana", "commander": "K'rrik"},
                          {"xid": 1004, "commander": "Gideon Blackblade"}]})",
                      token_);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"result": {"success": true}})");
  std::vector<DiscordCall> calls = discord_->calls();
  calls.erase(calls.begin(), calls.begin() + static_cast<long>(before));
  size_t opened = 0, messages = 0;
  for (const auto& c : calls) {
    EXPECT_EQ(c.authorization, "Bot TEST-BOT-TOKEN");
    if (c.uri == "/api/users/@me/channels") ++opened;
    if (c.uri == "/api/channels/5550001/messages") {
      ++messages;
      const Json embed = Json::parse(c.body)["embeds"][0];
      EXPECT_EQ(embed["footer"]["text"], "SpellBot Game ID: #SB1");
      EXPECT_EQ(embed["fields"][0]["value"], "<@1002> (Chandra) - Najeela, the Blade Blossom");
    }
  }
  EXPECT_EQ(opened, 4u);
  EXPECT_EQ(messages, 4u);
}

TEST_F(SpellbotDaemon, DiscordFailuresAreRetriedAndLogged) {
  discord_->failWith(502);
  const size_t before = discord_->calls().size();
  const auto r = post("/api/game/2/record",
                      R"({"tracker": 1005, "players": [{"xid": 1005, "commander": "A"},
                          {"xid": 1006, "commander": "B"}]})",
                      token_);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(discord_->calls().size() - before, 10u);  // 5 attempts x 2 players
  discord_->failWith(0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (host_->log().find("not sent after 5 attempt(s)") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_NE(host_->log().find("discord DM to user 1005 not sent after 5 attempt(s)"), std::string::npos);
  EXPECT_EQ(host_->log().find("TEST-BOT-TOKEN"), std::string::npos);
}

}  // namespace
}  // namespace spellbot::test
