#include "GuildLogos.hpp"
#include "SpellbotTestSupport.hpp"

namespace spellbot::test {
namespace {

TEST(Queues, EmptyState) {
  auto host = makeHost();
  const auto r = host.call("GET", "/queues.json");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"stats": {"active_games": 0}, "queues": [], "games": []})");
}

TEST(Queues, PublicQueuesAndRecentGames) {
  auto host = makeHost();
  seed(host);
  const Json body = parse(host.call("GET", "/queues.json").body);
  // Queues: games 2 and 8 (3 has nobody queued, 4 is banned); shortest wait first.
  ASSERT_EQ(body["queues"].size(), 2u);
  const Json& q = body["queues"][0];
  EXPECT_EQ(q["guild_xid"], 2);
  EXPECT_EQ(q["guild_name"], "Guild <Two> & \"Co\"");
  EXPECT_EQ(q["guild_locale"], "ja");
  EXPECT_EQ(q["logo"], "https://spellbot.io/assets/img/avatar-icon.png");
  EXPECT_EQ(q["format"], "Modern");
  EXPECT_EQ(q["bracket"], "None");
  EXPECT_EQ(q["service"], "SpellTable");
  EXPECT_EQ(q["players"], 2);
  EXPECT_EQ(q["seats"], 4);
  EXPECT_EQ(q["wait_seconds"], 600);
  EXPECT_EQ(q["jump_url"], "https://discord.com/channels/2/20/5002");  // newest post
  const Json& q2 = body["queues"][1];
  EXPECT_EQ(q2["guild_xid"], 1);
  EXPECT_EQ(q2["format"], "cEDH");
  EXPECT_EQ(q2["bracket"], "Bracket 5: Competitive");
  EXPECT_EQ(q2["service"], "Playgroup Live");
  EXPECT_EQ(q2["wait_seconds"], 1200);
  EXPECT_EQ(q2["jump_url"], "https://discord.com/channels/1/10");  // no post
  EXPECT_EQ(q2["logo"], "https://cdn.discordapp.com/icons/1/abc.png");
  // Games: 1 only (5 hidden, 6 too old, 7 deleted); channel-only jump URL.
  ASSERT_EQ(body["games"].size(), 1u);
  EXPECT_EQ(body["games"][0]["started_seconds_ago"], 1800);
  EXPECT_EQ(body["games"][0]["jump_url"], "https://discord.com/channels/1/10");
  EXPECT_EQ(body["games"][0]["format"], "Commander");
  EXPECT_EQ(body["games"][0]["bracket"], "Bracket 3: Upgraded");
  EXPECT_FALSE(body["games"][0].contains("players"));
  EXPECT_EQ(body["stats"]["active_games"], body["games"].size());
}

TEST(Queues, MythicTrackFilterOnlyForExactlyOne) {
  auto host = makeHost();
  seed(host);
  Json body = parse(host.call("GET", "/queues.json?mythic_track=1").body);
  ASSERT_EQ(body["queues"].size(), 1u);
  EXPECT_EQ(body["queues"][0]["guild_xid"], 1);
  EXPECT_EQ(body["games"].size(), 1u);
  EXPECT_EQ(body["stats"]["active_games"], 1);
  for (const char* other : {"true", "0", "yes", "", "01"}) {
    body = parse(host.call("GET", std::string("/queues.json?mythic_track=") + other).body);
    EXPECT_EQ(body["queues"].size(), 2u) << other;
  }
}

TEST(Queues, UnknownEnumValuesReadUnknown) {
  auto host = makeHost();
  seed(host);
  host.sql("UPDATE games SET started_at = '" + minutesAgo(5) + "' WHERE id = 6");
  const Json body = parse(host.call("GET", "/queues.json").body);
  ASSERT_EQ(body["games"].size(), 2u);
  EXPECT_EQ(body["games"][0]["format"], "Unknown");
}

TEST(GuildLogosTest, FetchedFromDiscordCachedAndRetriedAfterTheInterval) {
  auto host = makeHost(R"({"discord": {"api_url": "https://discord.test/api", "bot_token": "T"}})");
  seed(host);
  host.http().respond("GET", "https://discord.test/api/v10/guilds/2", 200, R"({"id":"2","icon":"a_abc123"})");
  Json body = parse(host.call("GET", "/queues.json").body);
  EXPECT_EQ(body["queues"][0]["logo"], "https://cdn.discordapp.com/icons/2/a_abc123.gif");
  auto sent = host.http().requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].header("Authorization"), "Bot T");
  EXPECT_LE(sent[0].totalTimeoutMs, 5000);
  // Saved into guilds.icon: no second lookup.
  EXPECT_EQ(host.sql("SELECT icon FROM guilds WHERE xid = 2").rows[0][0].bytes,
            "https://cdn.discordapp.com/icons/2/a_abc123.gif");
  host.call("GET", "/queues.json");
  EXPECT_EQ(host.http().requests().size(), 1u);
}

TEST(GuildLogosTest, FailuresFallBackToTheDefaultAndWaitSixHours) {
  auto host = makeHost(R"({"discord": {"api_url": "https://discord.test/api", "bot_token": "T"}})");
  seed(host);
  host.http().respond("GET", "https://discord.test/api/v10/guilds/2", 500, "oops");
  Json body = parse(host.call("GET", "/queues.json").body);
  EXPECT_EQ(body["queues"][0]["logo"], "https://spellbot.io/assets/img/avatar-icon.png");
  host.call("GET", "/queues.json");
  EXPECT_EQ(host.http().requests().size(), 1u);  // not again within 6 h
  host.http().respond("GET", "https://discord.test/api/v10/guilds/2", 200, R"({"icon":"f00"})");
  host.advance(std::chrono::hours(6));
  body = parse(host.call("GET", "/queues.json").body);
  EXPECT_EQ(body["queues"][0]["logo"], "https://cdn.discordapp.com/icons/2/f00.png");
  // A hash that is not one cannot inject into the URL.
  host.sql("UPDATE guilds SET icon = NULL WHERE xid = 2");
  host.http().respond("GET", "https://discord.test/api/v10/guilds/2", 200, R"({"icon":"\"><script>"})");
  host.advance(std::chrono::hours(7));
  body = parse(host.call("GET", "/queues.json").body);
  EXPECT_EQ(body["queues"][0]["logo"], "https://spellbot.io/assets/img/avatar-icon.png");
}

}  // namespace
}  // namespace spellbot::test
