// The ingest's match rules through the fake host: real SQLite with the spectra plugin's tables,
// the spectra plugin's own KeyValidator (static key, operator-issued keys), a movable clock.
#include "IngestRules.hpp"
#include "KeyStore.hpp"
#include "KeyValidator.hpp"
#include "MatchStore.hpp"

#include <gtest/gtest.h>
#include <apiary/plugin.hpp>
#include <apiary/testing/fake_host.hpp>

#include <chrono>
#include <memory>

namespace spectra_live {
namespace {

using apiary::testing::FakeHost;
using spectra::Json;
using spectra::MatchStore;

class IngestHarness : public apiary::Plugin {
 public:
  static constexpr const char* kName = "spectra-live-test";
  static constexpr const char* kVersion = "0.0.0";
  static IngestHarness* current;
  void routes(apiary::Router&) override {}
  std::vector<apiary::Migration> migrations() const override {
    auto statements = MatchStore::schema();
    for (auto& s : spectra::KeyStore::schema()) statements.push_back(s);
    return {{1, "spectra state", statements}};
  }
  void start() override { current = this; }

  IngestRules rules(spectra::SpectraConfig config, int& secrets) {
    matches = std::make_unique<MatchStore>(database(), MatchStore::Lifetimes{});
    validator = std::make_unique<spectra::KeyValidator>(config, spectra::KeyStore(database()),
                                                        http(), log());
    return IngestRules(
        *matches, [v = validator.get()](const Json& key) { return v->isValidKey(key); },
        [&secrets] { return "SECRET" + std::to_string(++secrets); });
  }
  std::unique_ptr<MatchStore> matches;
  std::unique_ptr<spectra::KeyValidator> validator;
};
IngestHarness* IngestHarness::current = nullptr;

Json logonPacket(const std::string& code, const std::string& key = "static-key") {
  return Json{
      {"type", "authenticate"},
      {"clientVersion", "0.3.20"},
      {"obsName", "Observer"},
      {"key", key},
      {"groupCode", code},
      {"leftTeam",
       {{"name", "Left"}, {"tricode", "LFT"}, {"url", "http://l"}, {"attackStart", true}}},
      {"rightTeam",
       {{"name", "Right"}, {"tricode", "RGT"}, {"url", "http://r"}, {"attackStart", false}}},
      {"toolsData",
       {{"tournamentInfo", {{"name", "T"}, {"logoUrl", "L"}, {"backdropUrl", "B"}}},
        {"sponsorInfo", {{"enabled", true}, {"duration", 5}, {"sponsors", {"s1"}}}}}}};
}

// Upstream's clients send the argument as a JSON string.
Json asString(const Json& packet) {
  return packet.dump();
}

Json dataPacket(const std::string& code, const std::string& type, const Json& data) {
  return Json{{"obsName", "Observer"}, {"groupCode", code}, {"type", type}, {"data", data}};
}

class IngestRulesTest : public ::testing::Test {
 protected:
  IngestRules make(const std::string& authKey = "static-key") {
    spectra::SpectraConfig config;
    config.authKey = authKey;
    return IngestHarness::current->rules(config, secrets_);
  }
  int64_t now() const { return host_.wallMs(); }
  MatchStore& store() { return *IngestHarness::current->matches; }

  FakeHost host_ = FakeHost::load<IngestHarness>("{}", "spectra-live");
  int secrets_ = 0;
};

TEST_F(IngestRulesTest, LogonCreatesALiveMatchAndAnswersTheNewSecret) {
  const IngestRules rules = make();
  const auto logon = rules.observerLogon(asString(logonPacket("GRPTST")), now());
  EXPECT_TRUE(logon.accepted);
  EXPECT_EQ(logon.groupCode, "GRPTST");
  EXPECT_EQ(logon.ackText(), R"({"type":"authenticate","value":true,"reason":"SECRET1"})");
  EXPECT_EQ(store().countLive(now()), 1);
  EXPECT_FALSE(store().teamInfo("GRPTST", now()));  // 404 while live, as upstream
}

TEST_F(IngestRulesTest, RefusalsUseUpstreamsReasonsInItsOrder) {
  const IngestRules rules = make();
  auto reason = [&](const Json& argument) {
    const auto logon = rules.observerLogon(argument, now());
    EXPECT_FALSE(logon.accepted);
    return logon.ack.at("reason").get<std::string>();
  };
  EXPECT_EQ(reason("not json"), "Invalid packet.");
  EXPECT_EQ(reason(42), "Invalid packet.");
  Json wrongType = logonPacket("GRPTST");
  wrongType["type"] = "preview";
  EXPECT_EQ(reason(asString(wrongType)), "Invalid packet.");
  Json noCode = logonPacket("GRPTST");
  noCode.erase("groupCode");
  EXPECT_EQ(reason(asString(noCode)), "Invalid packet.");
  Json oldClient = logonPacket("GRPTST", "wrong-key");
  oldClient["clientVersion"] = "0.3.2";  // the version is checked before the key
  EXPECT_EQ(reason(asString(oldClient)),
            "Client version 0.3.2 is not compatible with server version 0.3.4.");
  EXPECT_EQ(reason(asString(logonPacket("GRPTST", "wrong-key"))), "Invalid Key");
  Json badTools = logonPacket("GRPTST");
  badTools["toolsData"]["timeoutCounter"] = nullptr;
  EXPECT_EQ(reason(asString(badTools)), "Invalid packet.");
  EXPECT_EQ(store().countLive(now()), 0);
}

TEST_F(IngestRulesTest, AnOperatorIssuedKeyCarriesItsOrganisation) {
  spectra::KeyStore keys(IngestHarness::current->database());
  const IngestRules rules = make("");
  const auto issued = keys.issue("acme", "Acme Esports", true, now());
  const auto logon = rules.observerLogon(asString(logonPacket("ACME01", issued.secret)), now());
  ASSERT_TRUE(logon.accepted);
  const auto match = store().find("ACME01", now());
  ASSERT_TRUE(match);
  EXPECT_EQ(match->orgId, "acme");
  EXPECT_TRUE(match->isSupporter);
  // A supporter's sponsors are left alone.
  EXPECT_EQ(match->tools["sponsorInfo"]["sponsors"], Json::array({"s1"}));
}

TEST_F(IngestRulesTest, AGroupCodeIsUniqueWhileLiveAndTheSecretReconnects) {
  const IngestRules rules = make();
  ASSERT_TRUE(rules.observerLogon(asString(logonPacket("GRPTST")), now()).accepted);
  const auto taken = rules.observerLogon(asString(logonPacket("GRPTST")), now());
  EXPECT_FALSE(taken.accepted);
  EXPECT_EQ(taken.ack.at("reason"), "Game with Group Code GRPTST exists and is still live.");

  Json wrongSecret = logonPacket("GRPTST");
  wrongSecret["groupSecret"] = "NOTTHESECRET";
  EXPECT_FALSE(rules.observerLogon(asString(wrongSecret), now()).accepted);

  Json again = logonPacket("GRPTST");
  again["groupSecret"] = "SECRET1";
  const auto reconnect = rules.observerLogon(asString(again), now());
  EXPECT_TRUE(reconnect.accepted);
  EXPECT_EQ(reconnect.ack.at("reason"), "reconnected");
  EXPECT_EQ(store().countLive(now()), 1);
}

TEST_F(IngestRulesTest, AStaleSecretForAGoneMatchGetsAFreshOne) {
  const IngestRules rules = make();
  Json stale = logonPacket("NEWONE");
  stale["groupSecret"] = "OLDSECRET";
  const auto logon = rules.observerLogon(asString(stale), now());
  ASSERT_TRUE(logon.accepted);
  EXPECT_EQ(logon.ack.at("reason"), "SECRET1");
  EXPECT_EQ(store().find("NEWONE", now())->groupSecret, "SECRET1");
}

TEST_F(IngestRulesTest, DataKeepsTheMatchAliveAndGameEndStoresTheTeamInfo) {
  const IngestRules rules = make();
  ASSERT_TRUE(rules.observerLogon(asString(logonPacket("GRPTST")), now()).accepted);
  IngestRules::Score score;
  host_.advance(std::chrono::minutes(25));
  EXPECT_EQ(
      rules.data("GRPTST", asString(dataPacket("GRPTST", "score", {{"team_0", 13}, {"team_1", 7}})),
                 score, now()),
      IngestRules::DataOutcome::Recorded);
  host_.advance(std::chrono::minutes(25));  // 50 minutes after logon, 25 after the last event
  EXPECT_EQ(store().countLive(now()), 1);
  // Another match's data, and garbage, are ignored.
  EXPECT_EQ(rules.data("GRPTST", asString(dataPacket("OTHER1", "score", {})), score, now()),
            IngestRules::DataOutcome::Invalid);
  EXPECT_EQ(rules.data("GRPTST", "{", score, now()), IngestRules::DataOutcome::Invalid);

  EXPECT_EQ(rules.data("GRPTST",
                       asString(dataPacket("GRPTST", "round_info",
                                           {{"roundPhase", "game_end"}, {"roundNumber", 20}})),
                       score, now()),
            IngestRules::DataOutcome::Finished);
  EXPECT_EQ(store().countLive(now()), 0);
  const auto info = store().teamInfo("GRPTST", now());
  ASSERT_TRUE(info);
  EXPECT_EQ(*info,
            R"({"leftTeam":{"name":"Left","tricode":"LFT","url":"http://l","attackStart":true},)"
            R"("rightTeam":{"name":"Right","tricode":"RGT","url":"http://r","attackStart":false},)"
            R"("higherScore":0,"tournamentInfo":{"name":"T","logoUrl":"L","backdropUrl":"B"},)"
            R"("sponsorInfo":{"enabled":true,"duration":5,"sponsors":["s1",)"
            R"("https://auto.valospectra.com/assets/misc/logo.webp"]},"isSupporter":false})");
  EXPECT_EQ(rules.data("GRPTST", asString(dataPacket("GRPTST", "score", {})), score, now()),
            IngestRules::DataOutcome::NotLive);
}

TEST_F(IngestRulesTest, ThirtyMinutesWithoutEventsEndsTheMatch) {
  const IngestRules rules = make();
  ASSERT_TRUE(rules.observerLogon(asString(logonPacket("GRPTST")), now()).accepted);
  host_.advance(std::chrono::minutes(30) + std::chrono::seconds(1));
  EXPECT_EQ(store().countLive(now()), 0);
  IngestRules::Score score;
  EXPECT_EQ(rules.data("GRPTST", asString(dataPacket("GRPTST", "score", {})), score, now()),
            IngestRules::DataOutcome::NotLive);
  // The code is free again for a new observer.
  EXPECT_TRUE(rules.observerLogon(asString(logonPacket("GRPTST")), now()).accepted);
}

TEST_F(IngestRulesTest, AuxiliaryClientsJoinALiveMatchOnly) {
  const IngestRules rules = make();
  const Json aux = {{"type", "aux_authenticate"},
                    {"clientVersion", "0.3.20"},
                    {"name", "Player"},
                    {"matchId", "GRPTST"},
                    {"playerId", "p1"}};
  EXPECT_FALSE(rules.auxiliaryLogon(asString(aux), now()).accepted);
  ASSERT_TRUE(rules.observerLogon(asString(logonPacket("GRPTST")), now()).accepted);
  const auto logon = rules.auxiliaryLogon(asString(aux), now());
  EXPECT_TRUE(logon.accepted);
  EXPECT_EQ(logon.ack.at("type"), "aux_authenticate");
  IngestRules::Score score;
  const Json auxData = {{"playerId", "p1"},
                        {"matchId", "GRPTST"},
                        {"type", "aux_scoreboard"},
                        {"data", Json::object()}};
  EXPECT_EQ(rules.data("GRPTST", asString(auxData), score, now()),
            IngestRules::DataOutcome::Recorded);
  EXPECT_EQ(logon.ack.at("reason"), "GRPTST");  // upstream answers the group code
  EXPECT_EQ(logon.playerId, "p1");
}

TEST_F(IngestRulesTest, AuxiliaryClientsMayNameTheGamesMatchId) {
  IngestRules rules = make();
  rules.setMatchIdResolver([](const std::string& matchId) -> std::optional<std::string> {
    if (matchId == "game-1") return "GRPTST";
    return std::nullopt;
  });
  Json aux = {{"type", "aux_authenticate"},
              {"clientVersion", "0.3.20"},
              {"name", "Player"},
              {"matchId", "game-1"},
              {"playerId", "p1"}};
  // The game's match is known, but its group code is not live (yet): refused.
  EXPECT_FALSE(rules.auxiliaryLogon(asString(aux), now()).accepted);
  ASSERT_TRUE(rules.observerLogon(asString(logonPacket("GRPTST")), now()).accepted);
  const auto logon = rules.auxiliaryLogon(asString(aux), now());
  ASSERT_TRUE(logon.accepted);
  EXPECT_EQ(logon.groupCode, "GRPTST");
  EXPECT_EQ(logon.ack.at("reason"), "GRPTST");
  aux["matchId"] = "game-2";
  EXPECT_FALSE(rules.auxiliaryLogon(asString(aux), now()).accepted);
  // Its data names the game's match id; only that one or the group code counts.
  IngestRules::Score score;
  Json auxData = {{"playerId", "p1"}, {"matchId", "game-1"}, {"type", "aux_health"}, {"data", 50}};
  EXPECT_EQ(rules.data("GRPTST", asString(auxData), score, now(), "game-1"),
            IngestRules::DataOutcome::Recorded);
  EXPECT_EQ(rules.data("GRPTST", asString(auxData), score, now()),
            IngestRules::DataOutcome::Invalid);
  auxData["matchId"] = "game-2";
  EXPECT_EQ(rules.data("GRPTST", asString(auxData), score, now(), "game-1"),
            IngestRules::DataOutcome::Invalid);
}

}  // namespace
}  // namespace spectra_live
