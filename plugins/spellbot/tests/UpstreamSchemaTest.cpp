// The spellbot plugin on a database SpellBot itself created: the upstream PostgreSQL schema
// (SQLAlchemy models as in /work/shared/spec/spellbot.md section 4: SERIAL ids, BIGINT Discord
// snowflakes above 2^53, TIMESTAMP WITHOUT TIME ZONE in UTC, BOOLEAN flags, JSONB metadata,
// an alembic_version table and tables the routes never read) with rows written as the bot
// writes them. The plugin's migrations must leave that schema as it is; the public pages, the
// queues JSON and the token game API must serve from it. Skipped without PostgreSQL server
// binaries unless APIARY_REQUIRE_POSTGRES=1 (CI).
#include "FakeDiscord.hpp"
#include "HostProcess.h"
#include "HttpClient.h"
#include "PostgresCluster.h"

#include <gtest/gtest.h>

namespace spellbot::test {
namespace {

using apiary::test::HostProcess;
using apiary::test::HttpClient;
using apiary::test::HttpResult;
using apiary::testing::PostgresCluster;
using Json = nlohmann::ordered_json;

constexpr const char* kDatabase = "spellbot_upstream";

// Upstream's tables as its migrations leave them (column types and defaults; the order of
// columns differs from the plugin's own CREATE TABLE on purpose: nothing may depend on it).
constexpr const char* kUpstreamSchema = R"SQL(
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
INSERT INTO alembic_version VALUES ('5f1e2d3c4b5a');
CREATE TABLE guilds (
  xid BIGINT NOT NULL PRIMARY KEY,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  name VARCHAR(100), motd VARCHAR(255),
  show_links BOOLEAN NOT NULL DEFAULT false, voice_create BOOLEAN NOT NULL DEFAULT false,
  use_max_bitrate BOOLEAN NOT NULL DEFAULT false, banned BOOLEAN NOT NULL DEFAULT false,
  notice VARCHAR(255), suggest_voice_category VARCHAR(100),
  enable_mythic_track BOOLEAN NOT NULL DEFAULT false, active BOOLEAN NOT NULL DEFAULT true,
  locale VARCHAR(10) NOT NULL DEFAULT 'en', icon VARCHAR(255),
  promote BOOLEAN NOT NULL DEFAULT true);
CREATE TABLE channels (
  xid BIGINT NOT NULL PRIMARY KEY,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  guild_xid BIGINT NOT NULL REFERENCES guilds (xid) ON DELETE CASCADE,
  name VARCHAR(100), default_seats INTEGER NOT NULL DEFAULT 4,
  default_format INTEGER NOT NULL DEFAULT 1, default_bracket INTEGER NOT NULL DEFAULT 1,
  default_service INTEGER NOT NULL DEFAULT 9,
  auto_verify BOOLEAN NOT NULL DEFAULT false, unverified_only BOOLEAN NOT NULL DEFAULT false,
  verified_only BOOLEAN NOT NULL DEFAULT false, voice_invite BOOLEAN NOT NULL DEFAULT false,
  delete_expired BOOLEAN NOT NULL DEFAULT false, blind_games BOOLEAN NOT NULL DEFAULT false,
  to_mode BOOLEAN NOT NULL DEFAULT false, competitive_mode BOOLEAN NOT NULL DEFAULT false,
  motd VARCHAR(255), extra VARCHAR(255),
  voice_category VARCHAR(50) DEFAULT 'SpellBot Voice Channels');
CREATE INDEX ix_channels_guild_xid ON channels (guild_xid);
CREATE TABLE users (
  xid BIGINT NOT NULL PRIMARY KEY,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  name VARCHAR(100) NOT NULL, banned BOOLEAN NOT NULL DEFAULT false,
  is_admin BOOLEAN NOT NULL DEFAULT false, playgroup_user_id VARCHAR(100), locale VARCHAR(10));
CREATE TABLE games (
  id SERIAL NOT NULL PRIMARY KEY,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  started_at TIMESTAMP WITHOUT TIME ZONE, deleted_at TIMESTAMP WITHOUT TIME ZONE,
  notified_at TIMESTAMP WITHOUT TIME ZONE,
  guild_xid BIGINT NOT NULL REFERENCES guilds (xid) ON DELETE CASCADE,
  channel_xid BIGINT NOT NULL REFERENCES channels (xid) ON DELETE CASCADE,
  voice_xid BIGINT, seats INTEGER NOT NULL, status INTEGER NOT NULL DEFAULT 1,
  format INTEGER NOT NULL DEFAULT 1, bracket INTEGER NOT NULL DEFAULT 1,
  service INTEGER NOT NULL DEFAULT 9, game_link VARCHAR(255), password VARCHAR(255),
  voice_invite_link VARCHAR(255), rules VARCHAR(255), war_id VARCHAR(36),
  war_title VARCHAR(160), blind BOOLEAN NOT NULL DEFAULT false,
  locale VARCHAR(255) NOT NULL DEFAULT 'en', metadata JSONB);
CREATE INDEX ix_games_updated_at ON games (updated_at);
CREATE INDEX ix_games_deleted_at ON games (deleted_at);
CREATE TABLE queues (
  user_xid BIGINT NOT NULL REFERENCES users (xid) ON DELETE CASCADE,
  game_id INTEGER NOT NULL REFERENCES games (id) ON DELETE CASCADE,
  og_guild_xid BIGINT, PRIMARY KEY (user_xid, game_id));
CREATE TABLE plays (
  user_xid BIGINT NOT NULL REFERENCES users (xid) ON DELETE CASCADE,
  game_id INTEGER NOT NULL REFERENCES games (id) ON DELETE CASCADE,
  og_guild_xid BIGINT NOT NULL, pin VARCHAR(6), verified_at TIMESTAMP WITHOUT TIME ZONE,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  PRIMARY KEY (user_xid, game_id));
CREATE INDEX ix_plays_game_id ON plays (game_id);
CREATE TABLE posts (
  game_id INTEGER NOT NULL REFERENCES games (id) ON DELETE CASCADE,
  guild_xid BIGINT NOT NULL REFERENCES guilds (xid) ON DELETE CASCADE,
  channel_xid BIGINT NOT NULL REFERENCES channels (xid) ON DELETE CASCADE,
  message_xid BIGINT NOT NULL,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  PRIMARY KEY (game_id, guild_xid, channel_xid, message_xid));
CREATE TABLE tokens (
  id SERIAL NOT NULL PRIMARY KEY,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  deleted_at TIMESTAMP WITHOUT TIME ZONE, key VARCHAR NOT NULL, note VARCHAR,
  scopes VARCHAR NOT NULL DEFAULT '*');
CREATE INDEX ix_tokens_key ON tokens (key);
CREATE INDEX ix_tokens_deleted_at ON tokens (deleted_at);
CREATE TABLE guild_members (
  user_xid BIGINT NOT NULL REFERENCES users (xid) ON DELETE CASCADE,
  guild_xid BIGINT NOT NULL REFERENCES guilds (xid) ON DELETE CASCADE,
  PRIMARY KEY (user_xid, guild_xid));
CREATE TABLE blocks (
  user_xid BIGINT NOT NULL REFERENCES users (xid) ON DELETE CASCADE,
  blocked_user_xid BIGINT NOT NULL REFERENCES users (xid) ON DELETE CASCADE,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL DEFAULT now(),
  PRIMARY KEY (user_xid, blocked_user_xid));
)SQL";

// Discord snowflakes are above 2^53: a double anywhere on the way would change them.
constexpr const char* kGuild = "757455940009328670";
constexpr const char* kChannel = "757455940009328671";
constexpr const char* kJace = "146019812468375552";
constexpr const char* kChandra = "146019812468375553";
constexpr const char* kLiliana = "146019812468375554";
constexpr const char* kToken = "d6f3b1a0c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

std::string upstreamRows() {
  const std::string g = kGuild, c = kChannel, j = kJace, ch = kChandra, l = kLiliana;
  const std::string utc = "(now() AT TIME ZONE 'UTC')";
  return "INSERT INTO guilds (xid, name, enable_mythic_track, icon) VALUES (" + g +
         ", 'Upstream League', true, 'https://cdn.discordapp.com/icons/1/a.png');"
         "INSERT INTO channels (xid, guild_xid, name) VALUES (" +
         c + ", " + g +
         ", 'lfg');"
         "INSERT INTO users (xid, name) VALUES (" +
         j + ", 'Jace'), (" + ch + ", 'Chandra'), (" + l +
         ", 'Liliana');"
         // Game 1: started an hour ago, two players with PINs, one post.
         "INSERT INTO games (created_at, updated_at, started_at, guild_xid, channel_xid, seats,"
         " status, format, bracket, service, game_link) VALUES (" +
         utc + " - interval '2 hours', " + utc + " - interval '1 hour', " + utc +
         " - interval '1 hour', " + g + ", " + c +
         ", 2, 2, 4, 3, 2, 'https://spelltable.wizards.com/game/abc');"
         "INSERT INTO posts (game_id, guild_xid, channel_xid, message_xid) VALUES (1, " +
         g + ", " + c +
         ", 1200000000000000001);"
         "INSERT INTO plays (user_xid, game_id, og_guild_xid, pin) VALUES (" +
         j + ", 1, " + g + ", '123456'), (" + ch + ", 1, " + g +
         ", '654321');"
         // Game 2: waiting for players, Liliana queued.
         "INSERT INTO games (created_at, updated_at, guild_xid, channel_xid, seats, status, format)"
         " VALUES (" +
         utc + " - interval '5 minutes', " + utc + ", " + g + ", " + c +
         ", 4, 1, 1);"
         "INSERT INTO posts (game_id, guild_xid, channel_xid, message_xid) VALUES (2, " +
         g + ", " + c +
         ", 1200000000000000002);"
         "INSERT INTO queues (user_xid, game_id, og_guild_xid) VALUES (" +
         l + ", 2, " + g +
         ");"
         "INSERT INTO tokens (key, note, scopes) VALUES ('" +
         kToken +
         "', 'mythic track', 'game');"
         "INSERT INTO tokens (key, note, deleted_at) VALUES ('revoked-token', 'old', now());";
}

class UpstreamSchema : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    PostgresCluster& pg = PostgresCluster::shared();
    if (!pg.available()) return;
    url_ = pg.createDatabase(kDatabase);
    pg.exec(kDatabase, kUpstreamSchema);
    pg.exec(kDatabase, upstreamRows());
    discord_ = new FakeDiscord();
    host_ = new HostProcess(config());
    if (!host_->start()) FAIL() << host_->log();
  }
  static void TearDownTestSuite() {
    delete host_;
    delete discord_;
    host_ = nullptr;
    discord_ = nullptr;
  }
  void SetUp() override {
    PostgresCluster& pg = PostgresCluster::shared();
    if (!pg.available()) {
      if (PostgresCluster::required()) FAIL() << pg.skipReason();
      GTEST_SKIP() << pg.skipReason();
    }
    ASSERT_NE(host_, nullptr);
  }

  static Json config() {
    Json c = HostProcess::baseConfig();
    c["plugins"]["bearer:spellbot"] = {
        {"library", "auth-bearer"},
        {"database", url_},
        {"config", {{"realm", "spellbot"}, {"spellbot_tokens", true}}}};
    c["plugins"]["spellbot"] = {
        {"listener", "main"},
        {"database", url_},
        {"config",
         {{"auth_provider", "bearer:spellbot"},
          {"realm", "spellbot"},
          {"discord",
           {{"api_url", discord_->baseUrl()},
            {"bot_token", "TEST-BOT-TOKEN"},
            {"dm", {{"retry_min_ms", 10}, {"retry_max_ms", 20}, {"reply_wait_ms", 10000}}}}}}}};
    return c;
  }
  static std::string column(const std::string& table, const std::string& name) {
    return PostgresCluster::shared().scalar(
        kDatabase, "SELECT data_type FROM information_schema.columns WHERE table_name = '" + table +
                       "' AND column_name = '" + name + "'");
  }
  static HttpResult get(const std::string& target) {
    return HttpClient::send(host_->port("main"), "GET", target);
  }
  static HttpResult post(const std::string& target, const std::string& body,
                         const std::string& token = kToken) {
    return HttpClient::send(
        host_->port("main"), "POST", target, body,
        {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
  }

  static std::string url_;
  static FakeDiscord* discord_;
  static HostProcess* host_;
};
std::string UpstreamSchema::url_;
FakeDiscord* UpstreamSchema::discord_ = nullptr;
HostProcess* UpstreamSchema::host_ = nullptr;

TEST_F(UpstreamSchema, MigrationsLeaveUpstreamTablesAsTheyWere) {
  // Upstream's column types survive (CREATE TABLE IF NOT EXISTS skipped every table).
  EXPECT_EQ(column("games", "id"), "integer");
  EXPECT_EQ(column("games", "metadata"), "jsonb");
  EXPECT_EQ(column("games", "started_at"), "timestamp without time zone");
  EXPECT_EQ(column("tokens", "key"), "character varying");
  EXPECT_EQ(column("guilds", "promote"), "boolean");
  EXPECT_EQ(PostgresCluster::shared().scalar(kDatabase, "SELECT version_num FROM alembic_version"),
            "5f1e2d3c4b5a");
  EXPECT_EQ(PostgresCluster::shared().scalar(kDatabase, "SELECT count(*) FROM games"), "2");
  // The plugin's own additions are new tables only (shard heartbeats without Redis).
  EXPECT_EQ(column("spellbot_shard_status", "is_ready"), "boolean");
  // A second start applies nothing and serves the same.
  HostProcess again(config());
  ASSERT_TRUE(again.start()) << again.log();
  EXPECT_EQ(again.log().find("migration(s) to schema spellbot"), std::string::npos) << again.log();
  EXPECT_EQ(HttpClient::send(again.port("main"), "GET", "/queues.json").status, 200);
}

TEST_F(UpstreamSchema, StatusAndQueuesServeUpstreamRows) {
  EXPECT_EQ(get("/").body, "ok");
  const HttpResult status = get("/status.json");
  EXPECT_EQ(status.status, 200) << status.body;
  EXPECT_TRUE(Json::accept(status.body)) << status.body;
  EXPECT_EQ(get("/status").status, 200);

  const HttpResult r = get("/queues.json");
  ASSERT_EQ(r.status, 200) << r.body;
  // Snowflakes are compared as text: the JSON must carry them digit for digit.
  EXPECT_NE(r.body.find(std::string("\"guild_xid\": ") + kGuild), std::string::npos) << r.body;
  const Json body = Json::parse(r.body);
  ASSERT_EQ(body["queues"].size(), 1u) << r.body;
  EXPECT_EQ(body["queues"][0]["guild_name"], "Upstream League");
  EXPECT_EQ(body["queues"][0]["players"], 1);
  EXPECT_EQ(body["queues"][0]["seats"], 4);
  EXPECT_EQ(body["queues"][0]["format"], "Commander");
  // Waiting five minutes (TIMESTAMP read back as UTC): not zero, not hours.
  EXPECT_GE(body["queues"][0]["wait_seconds"].get<int64_t>(), 240) << r.body;
  EXPECT_LT(body["queues"][0]["wait_seconds"].get<int64_t>(), 3600) << r.body;
  ASSERT_EQ(body["games"].size(), 1u) << r.body;
  EXPECT_EQ(body["games"][0]["format"], "Modern");
  EXPECT_EQ(body["queues"][0]["logo"], "https://cdn.discordapp.com/icons/1/a.png");
}

TEST_F(UpstreamSchema, GamePagesServeUpstreamRows) {
  HttpResult r = get(std::string("/g/") + kGuild + "/c/" + kChannel);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_NE(r.body.find("Jace"), std::string::npos);
  EXPECT_NE(r.body.find("Chandra"), std::string::npos);
  EXPECT_NE(r.body.find(std::string("https://discordapp.com/channels/") + kGuild + "/" + kChannel +
                        "/1200000000000000001"),
            std::string::npos);
  r = get(std::string("/g/") + kGuild + "/u/" + kJace);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Upstream League"), std::string::npos);
  r = get(std::string("/u/") + kChandra);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("lfg"), std::string::npos);
  EXPECT_EQ(get("/u/146019812468375599").status, 404);
}

TEST_F(UpstreamSchema, TokenGameApiReadsAndWritesUpstreamTables) {
  // verify: the plays row's PIN, then verified_at stored as a TIMESTAMP.
  HttpResult r =
      post("/api/game/1/verify", std::string(R"({"user_xid": )") + kJace + R"(, "guild_xid": )" +
                                     kGuild + R"(, "pin": "123456"})");
  EXPECT_EQ(r.body, R"({"result": {"verified": true}})");
  EXPECT_EQ(PostgresCluster::shared().scalar(
                kDatabase,
                std::string("SELECT verified_at IS NOT NULL FROM plays WHERE user_xid = ") + kJace),
            "t");
  r = post("/api/game/1/verify", std::string(R"({"user_xid": )") + kJace + R"(, "guild_xid": )" +
                                     kGuild + R"(, "pin": "000000"})");
  EXPECT_EQ(r.body, R"({"result": {"verified": false}})");
  // A revoked upstream token and an unknown one: 403.
  EXPECT_EQ(post("/api/game/1/verify", "{}", "revoked-token").status, 403);
  EXPECT_EQ(post("/api/game/1/verify", "{}", "nope").status, 403);

  // metadata lands in the JSONB column; an older report does not replace a newer one.
  r = post("/api/game/1/metadata",
           R"({"reported_at": "2030-01-02T03:04:05+00:00", "players": [{"name": "Jace"}]})");
  EXPECT_EQ(r.body, R"({"result": {"success": true}})");
  r = post("/api/game/1/metadata", R"({"reported_at": "2029-01-01T00:00:00+00:00"})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(PostgresCluster::shared().scalar(
                kDatabase, "SELECT metadata->>'reported_at' FROM games WHERE id = 1"),
            "2030-01-02T03:04:05+00:00");
  EXPECT_EQ(r.body, R"({"result": {"success": true}})");

  // record: names and xids resolved from upstream users, one DM each through Discord.
  const size_t before = discord_->calls().size();
  r = post("/api/game/1/record",
           std::string(R"({"tracker": )") + kJace + R"(, "winner": "chandra", "players": [)" +
               R"({"xid": )" + kJace +
               R"(, "commander": "Urza"}, {"xid": "Chandra", "commander": "Najeela"}]})");
  EXPECT_EQ(r.body, R"({"result": {"success": true}})");
  const auto calls = discord_->calls();
  size_t opened = 0;
  for (size_t i = before; i < calls.size(); ++i)
    opened += calls[i].uri == "/api/users/@me/channels";
  EXPECT_EQ(opened, 2u);
  EXPECT_EQ(post("/api/game/99/record", R"({"tracker": 1})").body,
            R"({"error": "Game not found"})");
}

}  // namespace
}  // namespace spellbot::test
