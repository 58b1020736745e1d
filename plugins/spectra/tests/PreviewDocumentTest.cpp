// The preview document against upstream's PreviewMatch serialization, byte for byte.
#include "PreviewDocument.hpp"
#include "ToolsData.hpp"

#include <gtest/gtest.h>

namespace spectra {
namespace {

int lowest(int min, int) {
  return min;
}
int highest(int, int max) {
  return max;
}

std::string detailsOf(const Json& body) {
  try {
    PreviewDocument::build(body, &lowest);
  } catch (const JsTypeError& e) {
    return e.what();
  }
  return "<no error>";
}

std::string player(const char* name, const char* agent) {
  return std::string(R"({"name":")") + name + R"(","agentInternal":")" + agent +
         R"(","isAlive":true,"hasSpike":false,"isObserved":false,"health":100,)"
         R"("abilities":{"ability1":1,"ability2":1,"grenade":0},"kills":0,"deaths":0,"assists":0,)"
         R"("currUltPoints":2,"maxUltPoints":8,"ultReady":false,"money":0,"moneySpent":0,)"
         R"("armorName":"None","highestWeapon":"Ghost","scoreboardAvailable":false,)"
         R"("auxiliaryAvailable":{"abilities":true,"health":true,"scoreboard":false},"iconNameSuffix":""})";
}

TEST(PreviewDocument, SerializesLikeUpstream) {
  const Json body = Json::parse(
      R"({"key":"k","leftTeam":{"name":"Left","tricode":"LFT","url":"http://l","attackStart":true,"extra":1},)"
      R"("rightTeam":{"name":"Right","tricode":null},"toolsData":{"seriesInfo":{"needed":2},"foo":"bar"}})");
  const std::string expected =
      R"({"groupCode":"PREVIEW","isRunning":true,"map":"Sunset","ranksEnabled":false,"roundNumber":1,)"
      R"("roundPhase":"combat","spikeState":{"planted":false,"defused":false,"detonated":false},)"
      R"("switchRound":6,"teams":[{"teamName":"Left","teamTricode":"LFT","teamUrl":"http://l",)"
      R"("isAttacking":true,"roundsWon":0,"spentThisRound":10350,"roundRecord":[],"players":[)" +
      player("Voodoo One", "Vampire") + "," + player("Twoperator", "Killjoy") + "," +
      player("ThreeOfLife", "Guide") + "," + player("FourceField", "Stealth") + "," +
      player("FIVEbyFIVE", "Smonk") +
      R"(],"hasDuplicateAgents":false},{"teamName":"Right","teamTricode":null,"roundsWon":0,)"
      R"("spentThisRound":10350,"roundRecord":[],"players":[)" +
      player("AlpacaHoarder", "Grenadier") + "," + player("BeeSting", "Terra") + "," +
      player("CowTipper", "Sprinter") + "," + player("DodoDaniel", "BountyHunter") + "," +
      player("Eeliminator", "Mage") +
      R"(],"hasDuplicateAgents":false}],)"
      R"("timeoutState":{"leftTeam":false,"rightTeam":false,"techPause":false,"timeRemaining":0},)"
      R"("tools":{"seriesInfo":{"needed":2},"seedingInfo":{"left":"","right":""},)"
      R"("tournamentInfo":{"name":"","logoUrl":"","backdropUrl":""},"timeoutDuration":60,)"
      R"("timeoutCounter":{"max":2,"left":2,"right":2},"timeoutCancellationGracePeriod":10,)"
      R"("sponsorInfo":{"enabled":false,"duration":5,"sponsors":[]},)"
      R"("watermarkInfo":{"spectraWatermark":true,"customTextEnabled":false,"customText":""},)"
      R"("playercamsInfo":{"enable":false,"removeTricodes":false,"identifier":"","secret":"",)"
      R"("endTime":0,"enabledPlayers":[]},"nameOverrides":{"overrides":"[]"},)"
      R"("roundWinBox":{"type":"disabled","sponsors":[]},"foo":"bar"}})";
  EXPECT_EQ(PreviewDocument::build(body, &lowest).dump(), expected);
}

TEST(PreviewDocument, HighestDrawsMakeUltReady) {
  const Json body = Json::parse(R"({"leftTeam":{},"rightTeam":{}})");
  const Json doc = PreviewDocument::build(body, &highest);
  const Json& p = doc["teams"][0]["players"][0];
  EXPECT_EQ(p["kills"], 20);
  EXPECT_EQ(p["currUltPoints"], 8);
  EXPECT_EQ(p["ultReady"], true);
  EXPECT_EQ(p["money"], 9000);
  EXPECT_EQ(p["moneySpent"], 2000);
  EXPECT_FALSE(doc["teams"][0].contains("teamName"));  // absent input field: omitted
}

TEST(PreviewDocument, RandomDrawsStayInUpstreamRanges) {
  const Json body = Json::parse(R"({"leftTeam":{},"rightTeam":{}})");
  for (int i = 0; i < 50; ++i) {
    const Json doc = PreviewDocument::build(body, &PreviewDocument::defaultRandom);
    for (const Json& team : doc["teams"])
      for (const Json& p : team["players"]) {
        EXPECT_LE(p["kills"].get<int>(), 20);
        EXPECT_GE(p["currUltPoints"].get<int>(), 2);
        EXPECT_EQ(p["money"].get<int>() % 1000, 0);
        EXPECT_LE(p["moneySpent"].get<int>(), 2000);
        EXPECT_EQ(p["ultReady"].get<bool>(), p["currUltPoints"].get<int>() >= 8);
      }
  }
}

TEST(PreviewDocument, ConstructorErrorsAreUpstreamsTypeErrors) {
  EXPECT_EQ(detailsOf(Json::parse(R"({"key":"k"})")),
            "Cannot read properties of undefined (reading 'name')");
  EXPECT_EQ(detailsOf(Json::parse(R"({"leftTeam":null,"rightTeam":{}})")),
            "Cannot read properties of null (reading 'name')");
  EXPECT_EQ(detailsOf(Json::parse(R"({"leftTeam":{},"rightTeam":null})")),
            "Cannot read properties of null (reading 'name')");
  EXPECT_EQ(detailsOf(Json::parse(
                R"({"leftTeam":{},"rightTeam":{},"toolsData":{"timeoutCounter":null}})")),
            "Cannot read properties of null (reading 'max')");
  EXPECT_EQ(
      detailsOf(Json::parse(R"({"leftTeam":{},"rightTeam":{},"toolsData":{"timeoutCounter":5}})")),
      "Cannot create property 'left' on number '5'");
  EXPECT_EQ(detailsOf(Json::parse(
                R"({"leftTeam":{},"rightTeam":{},"toolsData":{"timeoutCounter":"x"}})")),
            "Cannot create property 'left' on string 'x'");
  // Primitive teams read as objects without those fields.
  EXPECT_EQ(detailsOf(Json::parse(R"({"leftTeam":"x","rightTeam":7})")), "<no error>");
}

TEST(ToolsData, ShallowOverlayLikeObjectAssign) {
  Json init = Json::parse(
      R"({"timeoutCounter":{"max":3,"extra":true},"7":"seven","__proto__":{"x":1},"sponsorInfo":{"enabled":true}})");
  const Json tools = ToolsData::fromClient(&init);
  EXPECT_EQ(tools.begin().key(), "7");  // array-index keys first, as V8 enumerates
  EXPECT_EQ(tools["timeoutCounter"].dump(), R"({"max":3,"extra":true,"left":3,"right":3})");
  EXPECT_EQ(tools["sponsorInfo"].dump(), R"({"enabled":true})");
  EXPECT_FALSE(tools.contains("__proto__"));
  Json noMax = Json::parse(R"({"timeoutCounter":{"left":1}})");
  EXPECT_EQ(ToolsData::fromClient(&noMax)["timeoutCounter"].dump(), "{}");
  Json text = "ab";
  EXPECT_EQ(ToolsData::fromClient(&text).begin().key(), "0");
  Json null;
  EXPECT_EQ(ToolsData::fromClient(&null), ToolsData::defaults());
  EXPECT_EQ(ToolsData::fromClient(nullptr), ToolsData::defaults());
}

TEST(ToolsData, SupporterRulesForLiveMatches) {
  Json tools = ToolsData::defaults();
  tools["sponsorInfo"] = {{"enabled", true}, {"duration", 5}, {"sponsors", {"s1"}}};
  tools["watermarkInfo"] = {
      {"spectraWatermark", false}, {"customTextEnabled", true}, {"customText", "x"}};
  tools["roundWinBox"] =
      Json::parse(R"({"type":"sponsors","sponsors":[{"iconUrl":"a"},{"iconUrl":"b"}]})");
  Json supporter = tools;
  ToolsData::applySupporterRules(supporter, true);
  EXPECT_EQ(supporter, tools);
  ToolsData::applySupporterRules(tools, false);
  EXPECT_EQ(tools["sponsorInfo"]["sponsors"].dump(),
            R"(["s1","https://auto.valospectra.com/assets/misc/logo.webp"])");
  EXPECT_EQ(tools["watermarkInfo"]["spectraWatermark"], true);
  EXPECT_EQ(tools["watermarkInfo"]["customTextEnabled"], false);
  EXPECT_EQ(tools["roundWinBox"]["sponsors"].dump(),
            R"([{"iconUrl":"a","roundCeremony":["all"],"wonTeam":"all"}])");
}

}  // namespace
}  // namespace spectra
