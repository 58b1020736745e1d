#include "ShardStatus.hpp"
#include "SpellbotTestSupport.hpp"
#include "SpellbotStore.hpp"

namespace spellbot::test {
namespace {

ShardStatus shard(int64_t id, bool ready, const std::string& version = "10.5.0") {
  ShardStatus s;
  s.shardId = id;
  s.isReady = ready;
  s.version = version;
  s.latencyMs = 45.5;
  s.guildCount = 100;
  s.lastUpdated = "2025-12-31T23:59:30+00:00";
  return s;
}

ShardMetadata meta(int64_t count) {
  ShardMetadata m;
  m.version = "10.5.0";
  m.shardCount = count;
  m.totalGuilds = 250;
  m.lastUpdated = "2025-12-31T23:59:30+00:00";
  return m;
}

TEST(StatusReport, IndicatorsInUpstreamOrder) {
  EXPECT_EQ(StatusReport::compute({}, meta(2)).indicator, "unknown");
  EXPECT_EQ(StatusReport::compute({}, meta(2)).description, "Status Unknown");
  auto upgrading = StatusReport::compute({shard(0, true, "10.5.0"), shard(0, false, "10.6.0")}, meta(1));
  EXPECT_EQ(upgrading.indicator, "maintenance");
  EXPECT_EQ(upgrading.description, "Upgrade In Progress");
  EXPECT_TRUE(upgrading.upgradeInProgress);
  EXPECT_EQ(StatusReport::compute({shard(0, true, "unknown"), shard(1, true)}, meta(2)).indicator,
            "operational");  // "unknown" versions do not count as an upgrade
  EXPECT_EQ(StatusReport::compute({shard(0, true), shard(1, true)}, meta(2)).description,
            "All Systems Operational");
  EXPECT_EQ(StatusReport::compute({shard(0, true), shard(1, false)}, meta(2)).indicator,
            "degraded_performance");
  EXPECT_EQ(StatusReport::compute({shard(0, false), shard(1, false)}, meta(2)).indicator,
            "major_outage");
  // Quirk: statuses without metadata (total 0) and nobody ready is "operational".
  EXPECT_EQ(StatusReport::compute({shard(0, false)}, std::nullopt).indicator, "operational");
}

TEST(StatusReport, MetadataFieldsAcceptStrings) {
  const auto m = ShardMetadata::fromJson(R"({"version":"1.0","shard_count":"3","total_guilds":7})");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->shardCount, 3);
  EXPECT_FALSE(ShardStatus::fromJson("not json"));
  const auto s = ShardStatus::fromJson(
      R"({"shard_id":1,"latency_ms":null,"guild_count":5,"is_ready":true,"last_updated":"x","version":"2"})");
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->latencyMs);
}

TEST(StatusRoutes, StatusJsonWithoutDataIsUnknown) {
  auto host = makeHost();
  const auto r = host.call("GET", "/status.json");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.body,
            R"({"status": {"indicator": "unknown", "description": "Status Unknown"}, "shards": )"
            R"({"total": 0, "ready": 0, "data": []}, "guilds": 0, "version": null, )"
            R"("upgrade_in_progress": false, "last_updated": null})");
}

TEST(StatusRoutes, StatusJsonFromTheHeartbeatTable) {
  auto host = makeHost();
  host.sql("INSERT INTO spellbot_shard_status VALUES (0, '10.5.0', 45.5, 100, 1,"
           " '2025-12-31T23:59:30+00:00', 1767225700000),"
           " (1, '10.5.0', NULL, 150, 0, '2025-12-31T23:59:30+00:00', 1767225700000),"
           " (2, '10.5.0', 1.0, 1, 1, 'x', 1767225500000)");  // expired
  host.sql("INSERT INTO spellbot_shard_metadata VALUES (1, '10.5.0', 2, 250,"
           " '2025-12-31T23:59:30+00:00', 1767225700000)");
  const Json body = parse(host.call("GET", "/status.json").body);
  EXPECT_EQ(body["status"]["indicator"], "degraded_performance");
  EXPECT_EQ(body["status"]["description"], "Degraded Performance");
  EXPECT_EQ(body["shards"]["total"], 2);
  EXPECT_EQ(body["shards"]["ready"], 1);
  ASSERT_EQ(body["shards"]["data"].size(), 2u);
  EXPECT_EQ(body["shards"]["data"][0]["latency_ms"], 45.5);
  EXPECT_TRUE(body["shards"]["data"][1]["latency_ms"].is_null());
  EXPECT_EQ(body["guilds"], 250);
  EXPECT_EQ(body["version"], "10.5.0");
  // After upstream's TTL the heartbeats are gone.
  host.advance(std::chrono::minutes(5));
  EXPECT_EQ(parse(host.call("GET", "/status.json").body)["status"]["indicator"], "unknown");
}

TEST(StatusRoutes, StatusPageRendersShardsAndUpgradeBanner) {
  auto host = makeHost();
  host.sql("INSERT INTO spellbot_shard_status VALUES (0, '10.5.0', 45.5, 1234567, 1,"
           " '2025-12-31T23:59:30+00:00', 1767225700000),"
           " (0, '10.6.0', 300.0, 1, 0, '2025-12-31T23:58:00+00:00', 1767225700000)");
  host.sql("INSERT INTO spellbot_shard_metadata VALUES (1, '10.6.0', 1, 1234567,"
           " '2025-12-31T23:59:30+00:00', 1767225700000)");
  const auto r = host.call("GET", "/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<meta http-equiv=\"refresh\" content=\"30\">"), std::string::npos);
  EXPECT_NE(r.body.find("status-upgrading"), std::string::npos);
  EXPECT_NE(r.body.find("Upgrade in Progress"), std::string::npos);
  EXPECT_LT(r.body.find("10.6.0: Shard #0"), r.body.find("10.5.0: Shard #0"));  // newest first
  EXPECT_NE(r.body.find("1,234,567"), std::string::npos);
  EXPECT_NE(r.body.find("45.5ms"), std::string::npos);
  EXPECT_NE(r.body.find("class=\"bad\">300.0ms"), std::string::npos);
  EXPECT_NE(r.body.find("30s ago"), std::string::npos);
  EXPECT_NE(r.body.find("releases/tag/v10.6.0"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/status.json\""), std::string::npos);
}

TEST(StatusRoutes, StatusPageWithoutShards) {
  auto host = makeHost();
  const auto r = host.call("GET", "/status");
  EXPECT_NE(r.body.find("No shard data available."), std::string::npos);
  EXPECT_NE(r.body.find("status-unknown"), std::string::npos);
}

TEST(StatusRoutes, PingAndHealth) {
  auto host = makeHost();
  auto r = host.call("GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok");
  EXPECT_EQ(r.header("Content-Type"), "text/plain; charset=utf-8");
  r = host.call("GET", "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status": "healthy", "database": {"status": "healthy"}, "redis": {"status": "disabled"}})");
}

TEST(StatusRoutes, SecurityHeadersOnEveryResponse) {
  auto host = makeHost();
  for (const auto& target : {"/", "/nope", "/api/game/1/verify"}) {
    const auto r = host.call("GET", target);
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << target;
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY") << target;
    EXPECT_EQ(r.header("X-XSS-Protection"), "1; mode=block") << target;
    EXPECT_EQ(r.header("Referrer-Policy"), "strict-origin-when-cross-origin") << target;
  }
}

TEST(StatusRoutes, UnknownPathsAnswerLikeAiohttp) {
  auto host = makeHost();
  auto r = host.call("GET", "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "404: Not Found");
  r = host.call("POST", "/status.json");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.body, "405: Method Not Allowed");
}

}  // namespace
}  // namespace spellbot::test
