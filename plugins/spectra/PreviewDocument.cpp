#include "PreviewDocument.hpp"

#include "ToolsData.hpp"

#include <random>

namespace spectra {
namespace {

constexpr const char* kLeftPlayers[5][2] = {{"Voodoo One", "Vampire"},
                                            {"Twoperator", "Killjoy"},
                                            {"ThreeOfLife", "Guide"},
                                            {"FourceField", "Stealth"},
                                            {"FIVEbyFIVE", "Smonk"}};
constexpr const char* kRightPlayers[5][2] = {{"AlpacaHoarder", "Grenadier"},
                                             {"BeeSting", "Terra"},
                                             {"CowTipper", "Sprinter"},
                                             {"DodoDaniel", "BountyHunter"},
                                             {"Eeliminator", "Mage"}};

}  // namespace

int PreviewDocument::defaultRandom(int min, int max) {
  thread_local std::mt19937 generator{std::random_device{}()};
  return std::uniform_int_distribution<int>(min, max)(generator);
}

Json PreviewDocument::build(const Json& body, const RandomInt& random) {
  const Json* left = JsSemantics::read(&body, "leftTeam");
  const Json* right = JsSemantics::read(&body, "rightTeam");
  Json leftTeam = team(left, kLeftPlayers, random);
  Json rightTeam = team(right, kRightPlayers, random);
  Json tools = ToolsData::fromClient(JsSemantics::read(&body, "toolsData"));
  return Json{
      {"groupCode", "PREVIEW"},
      {"isRunning", true},
      {"map", "Sunset"},
      {"ranksEnabled", false},
      {"roundNumber", 1},
      {"roundPhase", "combat"},
      {"spikeState", {{"planted", false}, {"defused", false}, {"detonated", false}}},
      {"switchRound", 6},
      {"teams", Json::array({std::move(leftTeam), std::move(rightTeam)})},
      {"timeoutState",
       {{"leftTeam", false}, {"rightTeam", false}, {"techPause", false}, {"timeRemaining", 0}}},
      {"tools", std::move(tools)},
  };
}

Json PreviewDocument::team(const Json* input, const char* const (*players)[2],
                           const RandomInt& random) {
  // PreviewTeam copies four fields; an absent one is undefined, which JSON.stringify omits.
  Json out = Json::object();
  const std::pair<const char*, const char*> copied[] = {{"teamName", "name"},
                                                        {"teamTricode", "tricode"},
                                                        {"teamUrl", "url"},
                                                        {"isAttacking", "attackStart"}};
  for (const auto& [to, from] : copied)
    if (const Json* value = JsSemantics::read(input, from)) out[to] = *value;
  out["roundsWon"] = 0;
  out["spentThisRound"] = 10350;
  out["roundRecord"] = Json::array();
  Json list = Json::array();
  for (int i = 0; i < 5; ++i) list.push_back(player(players[i][0], players[i][1], random));
  out["players"] = std::move(list);
  out["hasDuplicateAgents"] = false;
  return out;
}

Json PreviewDocument::player(const char* name, const char* agent, const RandomInt& random) {
  const int kills = random(0, 20);
  const int deaths = random(0, 20);
  const int assists = random(0, 20);
  const int ultPoints = random(2, 8);
  const int money = random(0, 9) * 1000;
  const int moneySpent = random(0, 2) * 1000;
  return Json{
      {"name", name},
      {"agentInternal", agent},
      {"isAlive", true},
      {"hasSpike", false},
      {"isObserved", false},
      {"health", 100},
      {"abilities", {{"ability1", 1}, {"ability2", 1}, {"grenade", 0}}},
      {"kills", kills},
      {"deaths", deaths},
      {"assists", assists},
      {"currUltPoints", ultPoints},
      {"maxUltPoints", 8},
      {"ultReady", ultPoints >= 8},
      {"money", money},
      {"moneySpent", moneySpent},
      {"armorName", "None"},
      {"highestWeapon", "Ghost"},
      {"scoreboardAvailable", false},
      {"auxiliaryAvailable", {{"abilities", true}, {"health", true}, {"scoreboard", false}}},
      {"iconNameSuffix", ""},
  };
}

}  // namespace spectra
