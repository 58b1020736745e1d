#include "SpellbotTestSupport.hpp"

#include <thread>

namespace spellbot::test {
namespace {

const std::string kConfig =
    R"({"discord": {"api_url": "https://discord.test/api", "bot_token": "BOT",
        "dm": {"retry_min_ms": 1, "retry_max_ms": 5, "reply_wait_ms": 5000}}})";

const std::string kPlayers =
    R"("players": [{"xid": 100, "commander": "Urza, Lord High Artificer"},
                   {"xid": "bob", "commander": "Najeela, the Blade Blossom"},
                   {"xid": "102", "commander": "Atraxa"}, {"xid": 103.0, "commander": ""}])";

apiary::testing::FakeResponse record(apiary::testing::FakeHost& host, const std::string& body,
                                     const std::string& game = "1") {
  return host.call("POST", "/api/game/" + game + "/record", body, bearer("good"));
}

std::string error(const apiary::testing::FakeResponse& r) { return parse(r.body)["error"]; }

void scriptDiscord(apiary::testing::FakeHost& host) {
  host.http().respond("POST", "https://discord.test/api/users/@me/channels", 200, R"({"id": "777"})");
  host.http().respond("POST", "https://discord.test/api/channels/777/messages", 200, "{}");
}

TEST(Record, SendsOneDmPerPlayerThenSucceeds) {
  auto host = makeHost(kConfig);
  seed(host);
  scriptDiscord(host);
  const auto r = record(host, R"({"tracker": 100, "winner": "BOB", )" + kPlayers + "}");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"result": {"success": true}})");
  const auto sent = host.http().requests();
  ASSERT_EQ(sent.size(), 8u);  // open a DM channel, then post, for each of four players
  std::set<std::string> recipients;
  for (const auto& req : sent) {
    EXPECT_EQ(req.header("Authorization"), "Bot BOT");
    if (req.url.ends_with("/users/@me/channels")) recipients.insert(std::to_string(Json::parse(req.body)["recipient_id"].get<int64_t>()));
  }
  EXPECT_EQ(recipients, (std::set<std::string>{"100", "101", "102", "103"}));
  const auto message = std::find_if(sent.begin(), sent.end(), [](const auto& q) {
    return q.url.ends_with("/channels/777/messages");
  });
  ASSERT_NE(message, sent.end());
  const Json embed = Json::parse(message->body)["embeds"][0];
  EXPECT_EQ(embed["author"]["name"], "Your game was tracked on Mythic Track!");
  EXPECT_EQ(embed["color"], 0x5A3EFD);
  EXPECT_EQ(embed["footer"]["text"], "SpellBot Game ID: #SB1");
  const std::string description = embed["description"];
  EXPECT_NE(description.find("tracked by <@100> (Alice)"), std::string::npos);
  EXPECT_NE(description.find("<@101> (Bob)"), std::string::npos);
  EXPECT_NE(description.find("<#10>"), std::string::npos);
  EXPECT_NE(description.find("<t:1767223800>"), std::string::npos);
  EXPECT_NE(description.find("https://discord.com/channels/1/10/5001"), std::string::npos);
  EXPECT_NE(description.find("please contact the server mods"), std::string::npos);
  EXPECT_EQ(embed["fields"][0]["name"], "🎉 Winner 🎉");
  EXPECT_EQ(embed["fields"][0]["value"], "<@101> (Bob) - Najeela, the Blade Blossom");
  EXPECT_EQ(embed["fields"][1]["name"], "Players");
  EXPECT_NE(embed["fields"][1]["value"].get<std::string>().find("• <@100> (Alice) - Urza, Lord High Artificer"),
            std::string::npos);
  EXPECT_NE(embed["fields"][1]["value"].get<std::string>().find("• <@103> (Dave <b>bold</b>)"),
            std::string::npos);
}

TEST(Record, UnresolvedWinnerIsADraw) {
  auto host = makeHost(kConfig);
  seed(host);
  scriptDiscord(host);
  EXPECT_EQ(record(host, R"({"tracker": "alice", "winner": "nobody", )" + kPlayers + "}").status, 200);
  const auto sent = host.http().requests();
  const Json embed = Json::parse(sent.back().body)["embeds"][0];
  EXPECT_EQ(embed["fields"][0]["name"], "No Winner");
  EXPECT_NE(embed["description"].get<std::string>().find("No winner was marked, the game ended in a draw."),
            std::string::npos);
}

TEST(Record, RetriesServerErrorsButNotClientErrors) {
  auto host = makeHost(kConfig);
  seed(host);
  host.http().respond("POST", "https://discord.test/api/users/@me/channels", 503, "busy");
  EXPECT_EQ(record(host, R"({"tracker": 100, )" + kPlayers + "}").status, 200);
  EXPECT_EQ(host.http().requests().size(), 4u * 5u);  // five attempts per player
  const auto logs = host.logs();
  EXPECT_TRUE(std::any_of(logs.begin(), logs.end(), [](const std::string& l) {
    return l.find("discord DM to user 100 not sent after 5 attempt(s)") != std::string::npos;
  }));
  for (const auto& l : logs) EXPECT_EQ(l.find("BOT"), std::string::npos) << "token leaked: " << l;

  auto other = makeHost(kConfig);
  seed(other);
  other.http().respond("POST", "https://discord.test/api/users/@me/channels", 403, "{}");
  EXPECT_EQ(record(other, R"({"tracker": 100, )" + kPlayers + "}").status, 200);
  EXPECT_EQ(other.http().requests().size(), 4u);  // no retry on 403
}

TEST(Record, ReplyDoesNotWaitForeverForDiscord) {
  auto host = makeHost(
      R"({"discord": {"api_url": "https://discord.test/api", "bot_token": "BOT",
          "dm": {"retry_min_ms": 60000, "retry_max_ms": 60000, "reply_wait_ms": 200}}})");
  seed(host);
  host.http().fail("POST", "https://discord.test/api/users/@me/channels", APIARY_HTTP_TIMEOUT);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(record(host, R"({"tracker": 100, )" + kPlayers + "}").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  // stop() (the host's destructor) logs the DMs still waiting for their retry.
}

TEST(Record, ValidationOrderAndTexts) {
  auto host = makeHost(kConfig);
  seed(host);
  auto r = record(host, "{}", "abc");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error(r), "Invalid game ID");
  r = record(host, "{}", "404");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(error(r), "Game not found");
  EXPECT_EQ(record(host, "{}", "99999999999999999999").status, 404);
  r = record(host, "{not json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error(r), "Invalid JSON body");
  EXPECT_EQ(error(record(host, "[]")), "Request body must be a JSON object");
  for (const char* tracker : {"", R"("tracker": null,)", R"("tracker": 0,)", R"("tracker": "",)"})
    EXPECT_EQ(error(record(host, std::string("{") + tracker + R"( "players": []})")), "Tracker ID is required");
  EXPECT_EQ(error(record(host, R"({"tracker": "nobody", "players": []})")), "Tracker not found");
  EXPECT_EQ(error(record(host, R"({"tracker": [1], "players": []})")), "Tracker not found");
  EXPECT_EQ(error(record(host, R"({"tracker": 100})")), "No players provided");
  EXPECT_EQ(error(record(host, R"({"tracker": 100, "players": []})")), "No players provided");
  EXPECT_EQ(error(record(host, R"({"tracker": 100, "players": "abc"})")), "Invalid player data");
  EXPECT_EQ(error(record(host, R"({"tracker": 100, "players": [{"xid": 100}]})")), "Invalid player data");
  EXPECT_EQ(error(record(host, R"({"tracker": 100, "players": [{"commander": "x"}]})")), "Invalid player data");
  EXPECT_EQ(error(record(host, R"({"tracker": 100, "players": [5]})")), "Invalid player data");
  EXPECT_EQ(error(record(host, R"({"tracker": 100, "players": [{"xid": "Zed", "commander": "x"}]})")),
            "Player not found: Zed");
  EXPECT_EQ(error(record(host, R"({"tracker": 100, "players": [{"xid": null, "commander": "x"}]})")),
            "Player not found: None");
  EXPECT_EQ(error(record(host, R"({"tracker": 100, "players": [{"xid": 100, "commander": "x"}]})")),
            "Mismatched player count");
  EXPECT_EQ(error(record(host, R"({"tracker": 100, "players": [{"xid": 100, "commander": "a"},
            {"xid": 100, "commander": "b"}, {"xid": 101, "commander": "c"}, {"xid": 102, "commander": "d"}]})")),
            "Mismatched player count");
  // Upstream's unwritten 500s, now with a reason in the envelope.
  r = record(host, R"({"tracker": 104, "players": [{"xid": 100, "commander": "a"},
            {"xid": 101, "commander": "b"}, {"xid": 102, "commander": "c"}, {"xid": 103, "commander": "d"}]})");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(error(r), "Tracker is not one of the players");
  r = record(host, R"({"tracker": 100, "players": [{"xid": 100, "commander": "a"}, {"xid": 101, "commander": "b"}]})",
             "9");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(error(r), "Game has not started");
  EXPECT_TRUE(host.http().requests().empty());
}

TEST(Record, UnicodeNamesResolveAndTravel) {
  auto host = makeHost(kConfig);
  seed(host);
  scriptDiscord(host);
  const auto r = record(host, R"({"tracker": "Émile 🐉", "players": [{"xid": "alice", "commander": "Ötzi"},
                                 {"xid": "Émile 🐉", "commander": "龍"}]})", "6");
  EXPECT_EQ(r.status, 200);
  const Json embed = Json::parse(host.http().requests().back().body)["embeds"][0];
  EXPECT_NE(embed["fields"][1]["value"].get<std::string>().find("<@104> (Émile 🐉) - 龍"), std::string::npos);
}

}  // namespace
}  // namespace spellbot::test
