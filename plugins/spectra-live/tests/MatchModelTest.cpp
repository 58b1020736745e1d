// Upstream's Match model (MatchModel, TeamModel, PlayerModel): each observer and auxiliary event
// type changes what upstream's receiveMatchSpecificData changes; sides switch at the half and in
// overtime; match_data leaves out internal fields and secrets; malformed events are ignored
// without a throw. Plus IngestModels/OverlayStore on the fake host's real SQLite: the stored view,
// the 100 ms write rule, and a restarted ingest restoring a match.
#include "IngestModels.hpp"
#include "MatchModel.hpp"
#include "MatchStore.hpp"
#include "OverlayStore.hpp"

#include <gtest/gtest.h>
#include <apiary/plugin.hpp>
#include <apiary/testing/fake_host.hpp>

#include <chrono>
#include <memory>

namespace spectra_live {
namespace {

using Json = ModelJson::Json;

spectra::LiveMatch liveMatch(double timeoutDuration = 60) {
  spectra::LiveMatch m;
  m.groupCode = "GRPTST";
  m.groupSecret = "GROUPSECRET1";
  m.orgId = "org-1";
  m.leftTeam = {{"name", "Left"}, {"tricode", "LFT"}, {"url", "http://l"}, {"attackStart", true}};
  m.rightTeam = {
      {"name", "Right"}, {"tricode", "RGT"}, {"url", "http://r"}, {"attackStart", false}};
  m.tools = {{"timeoutDuration", timeoutDuration},
             {"playercamsInfo",
              {{"enable", true}, {"identifier", "id"}, {"secret", "CAMSECRET"}, {"endTime", 5}}}};
  return m;
}

Json obs(const std::string& type, const Json& data) {
  return {{"obsName", "Observer"}, {"groupCode", "GRPTST"}, {"type", type}, {"data", data}};
}

Json aux(const std::string& playerId, const std::string& type, const Json& data) {
  return {{"playerId", playerId}, {"matchId", "game-1"}, {"type", type}, {"data", data}};
}

Json roster(const std::string& name, const std::string& id, int startTeam,
            const std::string& agent = "Wushu") {
  return {{"name", name},   {"tagline", "EUW"}, {"startTeam", startTeam}, {"agentInternal", agent},
          {"playerId", id}, {"position", 0},    {"locked", true},         {"rank", 0}};
}

Json scoreboard(const std::string& id, int startTeam, int kills, int deaths, int money,
                bool alive = true) {
  return {{"name", id},
          {"tagline", "EUW"},
          {"playerId", id},
          {"startTeam", startTeam},
          {"agentInternal", "Wushu"},
          {"isAlive", alive},
          {"initialArmor", 2},
          {"scoreboardWeaponInternal", "TX_Hud_Rifles_Volcano"},
          {"currUltPoints", 3},
          {"maxUltPoints", 7},
          {"hasSpike", false},
          {"money", money},
          {"kills", kills},
          {"deaths", deaths},
          {"assists", 0}};
}

Json team(const MatchModel& m, int index) {
  return m.overlayJson()["teams"][index];
}

Json player(const MatchModel& m, int teamIndex, int playerIndex) {
  return team(m, teamIndex)["players"][playerIndex];
}

constexpr int64_t kNow = 1'700'000'000'000;

// Both teams with one player each: "a1" (left, attacks first) and "d1" (right).
MatchModel withPlayers() {
  MatchModel m(liveMatch());
  EXPECT_EQ(m.apply(obs("roster", roster("a1", "a1", 0)), kNow), MatchModel::Applied::Changed);
  EXPECT_EQ(m.apply(obs("roster", roster("d1", "d1", 1, "Rift")), kNow),
            MatchModel::Applied::Changed);
  return m;
}

TEST(MatchModelTest, StartsFromTheLogonsTeamsAndTools) {
  const MatchModel m(liveMatch());
  const Json j = m.overlayJson();
  EXPECT_EQ(m.eventNumber(), 1);
  EXPECT_EQ(j["groupCode"], "GRPTST");
  EXPECT_EQ(j["isRunning"], false);
  EXPECT_EQ(j["roundNumber"], 0);
  EXPECT_EQ(j["roundPhase"], "LOBBY");
  EXPECT_EQ(j["map"], "Loading");
  EXPECT_EQ(j["switchRound"], 13);
  EXPECT_EQ(j["firstOtRound"], 25);
  ASSERT_EQ(j["teams"].size(), 2u);
  EXPECT_EQ(j["teams"][0]["teamName"], "Left");
  EXPECT_EQ(j["teams"][0]["teamTricode"], "LFT");
  EXPECT_EQ(j["teams"][0]["teamUrl"], "http://l");
  EXPECT_EQ(j["teams"][0]["ingameTeamId"], 0);
  EXPECT_EQ(j["teams"][0]["isAttacking"], true);
  EXPECT_EQ(j["teams"][1]["ingameTeamId"], 1);
  EXPECT_EQ(j["teams"][1]["isAttacking"], false);
  // Ten upcoming rounds, as upstream's initRoundRecord.
  ASSERT_EQ(j["teams"][0]["roundRecord"].size(), 10u);
  EXPECT_EQ(j["teams"][0]["roundRecord"][9],
            (Json{{"type", "upcoming"}, {"wasAttack", true}, {"round", 10}}));
  EXPECT_EQ(j["spikeState"], (Json{{"planted", false}, {"detonated", false}, {"defused", false}}));
  EXPECT_EQ(j["timeoutState"]["timeRemaining"], 0);
}

TEST(MatchModelTest, OverlayHasNoInternalFieldsOrSecrets) {
  MatchModel m(liveMatch());
  m.apply(obs("left_timeout", true), kNow);  // timers running
  const Json j = m.overlayJson();
  const std::string text = j.dump();
  for (const char* internal : {"eventNumber", "replayLog", "timeoutEndTimeout",
                               "timeoutRemainingLoop", "timers", "organizationId"})
    EXPECT_FALSE(j.contains(internal)) << internal;
  EXPECT_EQ(text.find("GROUPSECRET1"), std::string::npos);
  EXPECT_EQ(text.find("CAMSECRET"), std::string::npos);
  EXPECT_EQ(text.find("endTime"), std::string::npos);
  EXPECT_EQ(text.find("org-1"), std::string::npos);
  EXPECT_EQ(j["tools"]["playercamsInfo"]["identifier"], "id");
  EXPECT_EQ(j["tools"]["playercamsInfo"]["enable"], true);
  // The stored state keeps the timers (restore), but never the tools' secrets.
  const std::string state = m.stateJson().dump();
  EXPECT_NE(state.find("timeoutEndMs"), std::string::npos);
  EXPECT_EQ(state.find("CAMSECRET"), std::string::npos);
}

TEST(MatchModelTest, RosterAddsUpToFivePlayersToTheTeamWithThatIngameId) {
  MatchModel m(liveMatch());
  for (int i = 0; i < 6; ++i)
    m.apply(obs("roster", roster("p" + std::to_string(i), "id" + std::to_string(i), 1)), kNow);
  const Json right = team(m, 1);
  ASSERT_EQ(right["players"].size(), 5u);  // the sixth is dropped
  EXPECT_EQ(right["playerCount"], 5);
  EXPECT_TRUE(team(m, 0)["players"].empty());
  const Json p = right["players"][0];
  EXPECT_EQ(p["name"], "p0");
  EXPECT_EQ(p["riotId"], "id0");
  EXPECT_EQ(p["playerId"], "id0");
  EXPECT_EQ(p["searchName"], "p0 #EUW");
  EXPECT_EQ(p["fullName"], "p0#EUW");
  EXPECT_EQ(p["agentInternal"], "Wushu");
  EXPECT_EQ(p["agentProper"], "Jett");
  EXPECT_EQ(p["locked"], true);
  EXPECT_EQ(p["health"], 100);
  EXPECT_EQ(p["armorName"], "None");
  EXPECT_EQ(p["highestWeapon"], "Unknown");
  // A roster update changes the agent; an entry with an empty name is dropped but counted.
  const int64_t before = m.eventNumber();
  m.apply(obs("roster", roster("p0", "id0", 1, "Smonk")), kNow);
  EXPECT_EQ(player(m, 1, 0)["agentProper"], "Clove");
  m.apply(obs("roster", roster("", "id9", 0)), kNow);
  EXPECT_TRUE(team(m, 0)["players"].empty());
  EXPECT_EQ(m.eventNumber(), before + 2);
  // A team id no team has: ignored, not counted (upstream returns before counting).
  EXPECT_EQ(m.apply(obs("roster", roster("x", "x", 7)), kNow), MatchModel::Applied::Ignored);
  EXPECT_EQ(m.eventNumber(), before + 2);
}

TEST(MatchModelTest, ScoreboardUpdatesStatsMoneyDeathAndRevive) {
  MatchModel m = withPlayers();
  m.apply(obs("scoreboard", scoreboard("a1", 0, 0, 0, 3900)), kNow);
  Json p = player(m, 0, 0);
  EXPECT_EQ(p["money"], 3900);
  EXPECT_EQ(p["armorName"], "Heavy");
  EXPECT_EQ(p["highestWeapon"], "Vandal");
  EXPECT_EQ(p["scoreboardAvailable"], true);
  EXPECT_TRUE(p["kdRatio"].is_null());  // 0/0 is NaN upstream: JSON null
  EXPECT_EQ(p["ultReady"], false);
  // Buying: money down counts as spent this round, summed per team.
  m.apply(obs("scoreboard", scoreboard("a1", 0, 0, 0, 900)), kNow);
  EXPECT_EQ(player(m, 0, 0)["moneySpent"], 3000);
  EXPECT_EQ(team(m, 0)["spentThisRound"], 3000);
  // A kill, then death: killsThisRound, kdRatio, health 0.
  m.apply(obs("scoreboard", scoreboard("a1", 0, 2, 1, 900)), kNow);
  p = player(m, 0, 0);
  EXPECT_EQ(p["kills"], 2);
  EXPECT_EQ(p["killsThisRound"], 1);
  EXPECT_EQ(p["kdRatio"], 2);
  m.apply(obs("scoreboard", scoreboard("a1", 0, 2, 1, 900, false)), kNow);
  EXPECT_EQ(player(m, 0, 0)["isAlive"], false);
  EXPECT_EQ(player(m, 0, 0)["health"], 0);
  m.apply(obs("scoreboard", scoreboard("a1", 0, 2, 1, 900, true)), kNow);
  EXPECT_EQ(player(m, 0, 0)["health"], 100);
  // Clove (Smonk) spending a ready ultimate gets the "NotDeadYet" icon; a kill clears it.
  Json clove = scoreboard("a1", 0, 2, 1, 900);
  clove["agentInternal"] = "Smonk";
  clove["currUltPoints"] = 7;
  m.apply(obs("scoreboard", clove), kNow);
  EXPECT_EQ(player(m, 0, 0)["ultReady"], true);
  clove["currUltPoints"] = 0;
  m.apply(obs("scoreboard", clove), kNow);
  EXPECT_EQ(player(m, 0, 0)["iconNameSuffix"], "NotDeadYet");
  clove["kills"] = 3;
  m.apply(obs("scoreboard", clove), kNow);
  EXPECT_EQ(player(m, 0, 0)["iconNameSuffix"], "");
}

TEST(MatchModelTest, KillfeedCountsOnlyWithoutAScoreboardThisRound) {
  MatchModel m = withPlayers();
  const Json kill = {{"attacker", "a1"},
                     {"victim", "d1"},
                     {"weaponKillfeedInternal", "TX_Hud_Rifles_Volcano"},
                     {"headshotKill", true},
                     {"assists", Json::array({"TX_Killfeed_Jett"})},
                     {"isTeamkill", false}};
  m.apply(obs("killfeed", kill), kNow);
  Json a = player(m, 0, 0);
  Json d = player(m, 1, 0);
  EXPECT_EQ(a["kills"], 1);
  EXPECT_EQ(a["killsThisRound"], 1);
  EXPECT_EQ(a["headshotKills"], 1);
  EXPECT_EQ(a["assists"], 1);  // the Jett icon names a1's agent (Wushu)
  EXPECT_EQ(a["killsOnEnemyPlayer"]["d1"], 1);
  EXPECT_EQ(a["killsByWeaponsAndAbilities"]["TX_Hud_Rifles_Volcano"], 1);
  EXPECT_EQ(a["killedPlayerNames"], Json::array({"d1"}));
  EXPECT_EQ(d["isAlive"], false);
  EXPECT_EQ(d["health"], 0);
  EXPECT_EQ(d["deaths"], 1);
  // With the observer's scoreboard this round, the killfeed no longer counts kills.
  m.apply(obs("scoreboard", scoreboard("a1", 0, 1, 0, 0)), kNow);
  m.apply(obs("killfeed", kill), kNow);
  EXPECT_EQ(player(m, 0, 0)["kills"], 1);
  EXPECT_EQ(player(m, 0, 0)["headshotKills"], 2);
  // Upstream's post-increment stores the old count: a weapon's kill count stays 1.
  EXPECT_EQ(player(m, 0, 0)["killsByWeaponsAndAbilities"]["TX_Hud_Rifles_Volcano"], 1);
}

TEST(MatchModelTest, RoundsSpikeScoreAndRoundReasons) {
  MatchModel m = withPlayers();
  m.apply(obs("match_start", "game-1"), kNow);
  m.apply(obs("map", "Infinityy"), kNow);
  Json j = m.overlayJson();
  EXPECT_EQ(j["matchId"], "game-1");
  EXPECT_EQ(j["isRunning"], true);
  EXPECT_EQ(j["map"], "Abyss");
  EXPECT_EQ(m.valorantMatchId(), "game-1");

  m.apply(obs("round_info", {{"roundPhase", "shopping"}, {"roundNumber", 1}}), kNow);
  m.apply(obs("spike_planted", true), kNow);  // not in combat: counted, no effect
  EXPECT_EQ(m.overlayJson()["spikeState"]["planted"], false);
  m.apply(obs("round_info", {{"roundPhase", "combat"}, {"roundNumber", 1}}), kNow);
  EXPECT_EQ(m.overlayJson()["roundTimeoutTime"], kNow + 99000);
  m.apply(obs("spike_planted", true), kNow + 1000);
  j = m.overlayJson();
  EXPECT_EQ(j["spikeState"]["planted"], true);
  EXPECT_FALSE(j.contains("roundTimeoutTime"));
  EXPECT_EQ(j["spikeDetonationTime"], kNow + 1000 + 45000);
  m.apply(obs("spike_detonated", true), kNow + 46000);
  EXPECT_FALSE(m.overlayJson().contains("spikeDetonationTime"));
  m.apply(obs("score", {{"team_0", 1}, {"team_1", 0}}), kNow + 47000);
  j = m.overlayJson();
  EXPECT_EQ(j["attackersWon"], true);
  EXPECT_EQ(j["teams"][0]["roundsWon"], 1);
  EXPECT_EQ(j["spikeState"]["planted"], false);

  m.apply(obs("round_info", {{"roundPhase", "shopping"}, {"roundNumber", 2}}), kNow);
  j = m.overlayJson();
  EXPECT_EQ(j["teams"][0]["roundRecord"][0],
            (Json{{"type", "detonated"}, {"wasAttack", true}, {"round", 1}}));
  EXPECT_EQ(j["teams"][1]["roundRecord"][0],
            (Json{{"type", "lost"}, {"wasAttack", false}, {"round", 1}}));
  EXPECT_EQ(j["spikeState"]["detonated"], false);

  // Round 2: the defenders win on time (score after the 99 s round timer).
  m.apply(obs("round_info", {{"roundPhase", "combat"}, {"roundNumber", 2}}), kNow);
  m.apply(obs("score", {{"team_0", 1}, {"team_1", 1}}), kNow + 100000);
  EXPECT_EQ(m.overlayJson()["wasTimeout"], true);
  m.apply(obs("round_info", {{"roundPhase", "shopping"}, {"roundNumber", 3}}), kNow);
  EXPECT_EQ(team(m, 1)["roundRecord"][1],
            (Json{{"type", "timeout"}, {"wasAttack", false}, {"round", 2}}));

  m.apply(obs("round_info", {{"roundPhase", "end"}, {"roundNumber", 3}}), kNow);
  EXPECT_EQ(m.overlayJson()["roundPhase"], "end");
  const int64_t before = m.eventNumber();
  EXPECT_EQ(m.apply(obs("round_info", {{"roundPhase", "game_end"}, {"roundNumber", 3}}), kNow),
            MatchModel::Applied::GameEnded);
  EXPECT_EQ(m.eventNumber(), before + 1);
  EXPECT_EQ(m.overlayJson()["isRunning"], false);
}

TEST(MatchModelTest, SidesSwitchAtTheHalfAndEveryOvertimeRound) {
  MatchModel m = withPlayers();
  m.apply(obs("scoreboard", scoreboard("a1", 0, 0, 0, 5000)), kNow);
  auto shopping = [&](int round) {
    m.apply(obs("round_info", {{"roundPhase", "shopping"}, {"roundNumber", round}}), kNow);
  };
  shopping(12);
  EXPECT_EQ(team(m, 0)["isAttacking"], true);
  EXPECT_EQ(player(m, 0, 0)["money"], 5000);
  shopping(13);
  EXPECT_EQ(team(m, 0)["isAttacking"], false);
  EXPECT_EQ(team(m, 1)["isAttacking"], true);
  EXPECT_EQ(player(m, 0, 0)["money"], 800);  // pistol round money
  shopping(24);
  EXPECT_EQ(team(m, 0)["isAttacking"], false);
  shopping(25);
  EXPECT_EQ(team(m, 0)["isAttacking"], true);
  shopping(26);
  EXPECT_EQ(team(m, 0)["isAttacking"], false);

  // Swift: the half is round 5 and there is no overtime.
  MatchModel swift = withPlayers();
  swift.apply(obs("game_mode", "swift"), kNow);
  EXPECT_EQ(swift.overlayJson()["switchRound"], 5);
  swift.apply(obs("round_info", {{"roundPhase", "shopping"}, {"roundNumber", 5}}), kNow);
  EXPECT_EQ(team(swift, 0)["isAttacking"], false);
}

TEST(MatchModelTest, TimeoutsCountDownAndEnd) {
  MatchModel m(liveMatch(3));
  m.apply(obs("left_timeout", true), kNow);
  Json t = m.overlayJson()["timeoutState"];
  EXPECT_EQ(t["leftTeam"], true);
  EXPECT_EQ(t["timeRemaining"], 3);
  const int64_t started = m.eventNumber();
  EXPECT_FALSE(m.advance(kNow + 999));
  EXPECT_TRUE(m.advance(kNow + 2000));
  EXPECT_EQ(m.overlayJson()["timeoutState"]["timeRemaining"], 1);
  EXPECT_EQ(m.eventNumber(), started + 2);
  EXPECT_TRUE(m.advance(kNow + 3000));
  t = m.overlayJson()["timeoutState"];
  EXPECT_EQ(t["leftTeam"], false);
  EXPECT_EQ(t["timeRemaining"], 0);
  EXPECT_FALSE(m.advance(kNow + 10000));
  // A tech pause ends a team timeout and stops its timers.
  m.apply(obs("right_timeout", true), kNow + 20000);
  m.apply(obs("tech_pause", true), kNow + 20500);
  t = m.overlayJson()["timeoutState"];
  EXPECT_EQ(t["techPause"], true);
  EXPECT_EQ(t["rightTeam"], false);
  EXPECT_FALSE(m.advance(kNow + 30000));
}

TEST(MatchModelTest, AuxiliaryDataReachesThePlayerItNames) {
  MatchModel m = withPlayers();
  m.apply(aux("a1", "aux_health", 42), kNow);
  m.apply(aux("a1", "aux_abilities", {{"grenade", 1}, {"ability_1", 2}, {"ability_2", 0}}), kNow);
  Json a = player(m, 0, 0);
  EXPECT_EQ(a["health"], 42);
  EXPECT_EQ(a["abilities"], (Json{{"grenade", 1}, {"ability1", 2}, {"ability2", 0}}));
  EXPECT_EQ(a["auxiliaryAvailable"]["health"], true);
  EXPECT_EQ(a["auxiliaryAvailable"]["abilities"], true);
  // Astra (Rift) targeting and Cypher cam set icon suffixes for those agents only.
  m.apply(aux("d1", "aux_astra_targeting", true), kNow);
  EXPECT_EQ(player(m, 1, 0)["iconNameSuffix"], "Targeting");
  m.apply(aux("a1", "aux_cypher_cam", true), kNow);
  EXPECT_EQ(player(m, 0, 0)["iconNameSuffix"], "");
  // aux_scoreboard_team: a JSON string of rows, applied by the sender's team.
  Json row = scoreboard("a1", 0, 4, 2, 1200);
  row.erase("startTeam");
  m.apply(aux("a1", "aux_scoreboard_team", Json::array({row}).dump()), kNow);
  a = player(m, 0, 0);
  EXPECT_EQ(a["kills"], 4);
  EXPECT_EQ(a["auxiliaryAvailable"]["scoreboard"], true);
  // The observer's scoreboard wins for the rest of the round.
  m.apply(obs("scoreboard", scoreboard("a1", 0, 5, 2, 1200)), kNow);
  m.apply(aux("a1", "aux_scoreboard", scoreboard("a1", 0, 9, 9, 9)), kNow);
  EXPECT_EQ(player(m, 0, 0)["kills"], 5);
  m.setAuxDisconnected("a1");
  a = player(m, 0, 0);
  EXPECT_EQ(a["auxiliaryAvailable"],
            (Json{{"health", false}, {"abilities", false}, {"scoreboard", false}}));
  // observing: the player whose "name #tagline" is named.
  m.apply(obs("observing", "d1 #EUW"), kNow);
  EXPECT_EQ(player(m, 1, 0)["isObserved"], true);
  EXPECT_EQ(player(m, 0, 0)["isObserved"], false);
}

TEST(MatchModelTest, MalformedEventsAreIgnoredNeverThrown) {
  MatchModel m = withPlayers();
  const int64_t before = m.eventNumber();
  const std::vector<Json> ignored = {
      Json(),
      Json::array(),
      Json("text"),
      Json{{"type", "score"}},                                  // no data, no sender
      Json{{"obsName", "o"}, {"groupCode", "G"}, {"data", 1}},  // no type
      Json{{"obsName", "o"}, {"groupCode", "G"}, {"type", 5}, {"data", 1}},
      obs("roster", "not an object"),
      obs("roster", {{"startTeam", "0"}}),
      obs("scoreboard", {{"startTeam", Json::array()}}),
      obs("score", {{"team_0", "1"}, {"team_1", 0}}),
      obs("score", nullptr),
      obs("round_info", {{"roundPhase", 1}, {"roundNumber", 2}}),
      obs("round_info", {{"roundPhase", "shopping"}, {"roundNumber", "2"}}),
      obs("round_info", {{"roundPhase", "shopping"}, {"roundNumber", 1e15}}),
      obs("round_info", {{"roundPhase", "shopping"}, {"roundNumber", -3}}),
      obs("round_info", {{"roundPhase", "shopping"}, {"roundNumber", 2.5}}),
      aux("a1", "aux_scoreboard_team", "[not json"),
      aux("a1", "aux_scoreboard_team", 17),
  };
  for (const Json& packet : ignored) {
    EXPECT_EQ(m.apply(packet, kNow), MatchModel::Applied::Ignored) << packet.dump();
  }
  EXPECT_EQ(m.eventNumber(), before);
  // Counted as upstream counts them, but with data of the wrong type nothing changes.
  const std::vector<Json> counted = {
      obs("scoreboard", {{"startTeam", 0}, {"playerId", "a1"}, {"kills", "many"}}),
      obs("killfeed", {{"attacker", 1}, {"victim", Json::object()}}),
      obs("killfeed", {{"attacker", "a1"}, {"victim", "d1"}, {"assists", "x"}}),
      aux("a1", "aux_health", "full"),
      aux("a1", "aux_abilities", {{"grenade", "1"}}),
      aux("a1", "aux_astra_targeting", 1),
      aux("a1", "aux_scoreboard", Json::array()),
      aux("a1", "aux_scoreboard_team", Json::array({1, "x", Json::object()}).dump()),
      obs("observing", Json::object()),
      obs("map", 7),
      obs("map", "NoSuchMap"),
      obs("game_mode", Json::array()),
      obs("match_start", Json::object()),
      obs("no_such_type", true),
  };
  for (const Json& packet : counted) {
    EXPECT_EQ(m.apply(packet, kNow), MatchModel::Applied::Changed) << packet.dump();
  }
  EXPECT_EQ(m.eventNumber(), before + static_cast<int64_t>(counted.size()));
  const Json j = m.overlayJson();
  EXPECT_FALSE(j.contains("map"));  // unknown map: undefined upstream, left out
  EXPECT_EQ(player(m, 0, 0)["health"], 100);
  EXPECT_EQ(m.valorantMatchId(), "");  // match_start's data was no string
  EXPECT_NO_THROW(j.dump());
}

TEST(MatchModelTest, StateRestoresTheSameMatch) {
  MatchModel m = withPlayers();
  m.apply(obs("match_start", "game-1"), kNow);
  m.apply(obs("scoreboard", scoreboard("a1", 0, 3, 0, 2000)), kNow);
  m.apply(obs("round_info", {{"roundPhase", "combat"}, {"roundNumber", 4}}), kNow);
  m.apply(obs("left_timeout", true), kNow);
  const Json state = Json::parse(m.stateJson().dump());
  MatchModel restored = MatchModel::restore(liveMatch(), state, m.eventNumber());
  EXPECT_EQ(restored.overlayJson(), m.overlayJson());
  EXPECT_EQ(restored.eventNumber(), m.eventNumber());
  EXPECT_EQ(restored.valorantMatchId(), "game-1");
  // The timers go on where they were.
  EXPECT_TRUE(restored.advance(kNow + 1000));
  EXPECT_EQ(restored.overlayJson()["timeoutState"]["timeRemaining"], 59);
  // A damaged state falls back to the logon's match.
  MatchModel fresh = MatchModel::restore(liveMatch(), Json("garbage"), 5);
  EXPECT_EQ(fresh.overlayJson()["teams"][0]["teamName"], "Left");
}

// IngestModels and OverlayStore on the fake host's SQLite.
class ModelHarness : public apiary::Plugin {
 public:
  static constexpr const char* kName = "spectra-live-model-test";
  static constexpr const char* kVersion = "0.0.0";
  static ModelHarness* current;
  void routes(apiary::Router&) override {}
  std::vector<apiary::Migration> migrations() const override {
    auto statements = spectra::MatchStore::schema();
    for (auto& s : OverlayStore::schema()) statements.push_back(s);
    return {{1, "state", statements}};
  }
  void start() override { current = this; }
  spectra::MatchStore matches() { return spectra::MatchStore(database(), {}); }
  OverlayStore overlays() { return OverlayStore(database()); }
};
ModelHarness* ModelHarness::current = nullptr;

TEST(IngestModelsTest, StoresTheViewOnTheTickAndARestartRestoresIt) {
  apiary::testing::FakeHost host = apiary::testing::FakeHost::load<ModelHarness>("{}", "x");
  auto matches = ModelHarness::current->matches();
  auto overlays = ModelHarness::current->overlays();
  const int64_t now = host.wallMs();
  EXPECT_FALSE(overlays.liveEventNumber("GRPTST", now));
  ASSERT_EQ(matches.create(liveMatch(), now), spectra::MatchStore::Created::Yes);
  EXPECT_EQ(overlays.liveEventNumber("GRPTST", now), 0);  // live, nothing stored yet

  auto models = std::make_unique<IngestModels>(matches, overlays);
  models->open("GRPTST", false, now);
  EXPECT_EQ(overlays.liveEventNumber("GRPTST", now), 1);
  models->apply("GRPTST", obs("roster", roster("a1", "a1", 0)), now);
  models->apply("GRPTST", obs("match_start", "game-1"), now);
  EXPECT_EQ(overlays.liveEventNumber("GRPTST", now), 1);  // not before the tick
  models->tick(now + 100);
  EXPECT_EQ(overlays.liveEventNumber("GRPTST", now), 3);
  const Json view = Json::parse(*overlays.overlay("GRPTST"));
  EXPECT_EQ(view["teams"][0]["players"][0]["name"], "a1");
  EXPECT_EQ(view.dump().find("CAMSECRET"), std::string::npos);
  EXPECT_EQ(models->groupCodeForMatchId("game-1"), "GRPTST");
  EXPECT_FALSE(models->groupCodeForMatchId("other"));
  // The observer reconnects (same secret): the model in memory goes on, as upstream's Match.
  models->open("GRPTST", true, now + 150);
  EXPECT_EQ(overlays.liveEventNumber("GRPTST", now), 3);
  EXPECT_EQ(models->valorantMatchId("GRPTST"), "game-1");

  // A restarted ingest: the observer reconnects and the match goes on from the stored state.
  models = std::make_unique<IngestModels>(matches, overlays);
  EXPECT_EQ(models->valorantMatchId("GRPTST"), "");
  models->open("GRPTST", true, now + 200);
  EXPECT_EQ(models->valorantMatchId("GRPTST"), "game-1");
  models->apply("GRPTST", obs("roster", roster("a2", "a2", 0)), now + 200);
  models->tick(now + 300);
  EXPECT_EQ(overlays.liveEventNumber("GRPTST", now), 4);
  EXPECT_EQ(Json::parse(*overlays.overlay("GRPTST"))["teams"][0]["players"].size(), 2u);

  // A new match under the code starts over; the end of the match removes its view.
  models->open("GRPTST", false, now + 400);
  EXPECT_EQ(overlays.liveEventNumber("GRPTST", now), 1);
  models->close("GRPTST");
  EXPECT_FALSE(overlays.overlay("GRPTST"));
  // Rows of matches that are no longer live are swept.
  overlays.save("GONE", 3, "{}", "{}", now);
  models->sweep(now);
  EXPECT_FALSE(overlays.overlay("GONE"));
}

}  // namespace
}  // namespace spectra_live
