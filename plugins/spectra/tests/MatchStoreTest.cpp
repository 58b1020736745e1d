// MatchStore, the API the ingest plugin drives, through a minimal harness plugin that includes
// its schema, as spectra-live would; and its effect on /status and /getTeamInfoForCode.
#include "MatchStore.hpp"
#include "SpectraTesting.hpp"
#include "ToolsData.hpp"

#include <chrono>
#include <filesystem>

namespace spectra::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// What a later ingest plugin looks like from the store's side.
class IngestHarness : public apiary::Plugin {
 public:
  static constexpr const char* kName = "spectra-live-harness";
  static constexpr const char* kVersion = "0.0.0";
  static IngestHarness* current;
  void routes(apiary::Router&) override {}
  std::vector<apiary::Migration> migrations() const override {
    return {{1, "match state", MatchStore::schema()}};
  }
  void start() override { current = this; }
  MatchStore store() const { return MatchStore(database(), MatchStore::Lifetimes{}); }
};
IngestHarness* IngestHarness::current = nullptr;

LiveMatch match(const std::string& code, const std::string& secret = "secret") {
  LiveMatch m;
  m.groupCode = code;
  m.groupSecret = secret;
  m.orgId = "org";
  m.leftTeam = {{"name", "Left"}, {"tricode", "LFT"}, {"url", "http://l"}, {"attackStart", true}};
  m.rightTeam = {
      {"name", "Right"}, {"tricode", "RGT"}, {"url", "http://r"}, {"attackStart", false}};
  m.tools = ToolsData::defaults();
  m.tools["tournamentInfo"] = {{"name", "T"}, {"logoUrl", "L"}, {"backdropUrl", "B"}};
  m.tools["sponsorInfo"] = {{"enabled", true}, {"duration", 5}, {"sponsors", {"s1"}}};
  ToolsData::applySupporterRules(m.tools, false);
  return m;
}

class MatchStoreTest : public SpectraTest {
 protected:
  FakeHost host_ = FakeHost::load<IngestHarness>("{}", "spectra-live");
  MatchStore store_ = IngestHarness::current->store();
  int64_t now() const { return host_.wallMs(); }
};

TEST_F(MatchStoreTest, LiveMatchesAreCountedUntilIdleForThirtyMinutes) {
  EXPECT_EQ(store_.create(match("GRPTST"), now()), MatchStore::Created::Yes);
  EXPECT_EQ(store_.create(match("OTHER1"), now()), MatchStore::Created::Yes);
  EXPECT_EQ(store_.countLive(now()), 2);
  host_.advance(minutes(20));
  EXPECT_TRUE(store_.recordEvent("GRPTST", now()));
  host_.advance(minutes(10) - seconds(1));
  EXPECT_EQ(store_.countLive(now()), 2);
  host_.advance(seconds(1));
  EXPECT_EQ(store_.countLive(now()), 1);  // OTHER1 idle for 30 min
  EXPECT_FALSE(store_.recordEvent("OTHER1", now()));
  EXPECT_FALSE(store_.find("OTHER1", now()));
  EXPECT_EQ(store_.sweep(now()).liveMatches, 1);
}

TEST_F(MatchStoreTest, ACodeIsUniqueWhileLive) {
  EXPECT_EQ(store_.create(match("GRPTST", "a"), now()), MatchStore::Created::Yes);
  EXPECT_EQ(store_.create(match("GRPTST", "b"), now()), MatchStore::Created::CodeInUse);
  EXPECT_EQ(store_.create(match("GRPTST", "a"), now()), MatchStore::Created::Reconnected);
  EXPECT_EQ(store_.find("GRPTST", now())->groupSecret, "a");
  host_.advance(minutes(31));
  EXPECT_EQ(store_.create(match("GRPTST", "b"), now()), MatchStore::Created::Yes);
  const auto found = store_.find("GRPTST", now());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->groupSecret, "b");
  EXPECT_EQ(found->leftTeam["tricode"], "LFT");
  EXPECT_EQ(found->createdMs, now());
  EXPECT_FALSE(store_.find("grptst", now()));  // case-sensitive
}

TEST_F(MatchStoreTest, FinishingKeepsTeamInfoForSixtyMinutes) {
  const LiveMatch m = match("GRPTST");
  store_.create(m, now());
  EXPECT_FALSE(store_.teamInfo("GRPTST", now()));  // 404 while live, as upstream
  EXPECT_TRUE(store_.finish("GRPTST", TeamInfo::of(m, 6, 6), now()));
  EXPECT_EQ(store_.countLive(now()), 0);
  EXPECT_EQ(
      *store_.teamInfo("GRPTST", now()),
      R"({"leftTeam":{"name":"Left","tricode":"LFT","url":"http://l","attackStart":true},)"
      R"("rightTeam":{"name":"Right","tricode":"RGT","url":"http://r","attackStart":false},)"
      R"("higherScore":1,"tournamentInfo":{"name":"T","logoUrl":"L","backdropUrl":"B"},)"
      R"("sponsorInfo":{"enabled":true,"duration":5,"sponsors":["s1","https://auto.valospectra.com/assets/misc/logo.webp"]},)"
      R"("isSupporter":false})");
  host_.advance(minutes(60) - seconds(1));
  EXPECT_TRUE(store_.teamInfo("GRPTST", now()));
  host_.advance(seconds(1));
  EXPECT_FALSE(store_.teamInfo("GRPTST", now()));
  EXPECT_EQ(store_.sweep(now()).teamInfos, 1);
}

TEST_F(MatchStoreTest, HigherScoreAndReusedCodes) {
  const LiveMatch m = match("GRPTST");
  EXPECT_EQ(TeamInfo::of(m, 13, 5).higherScore, 0);
  EXPECT_EQ(TeamInfo::of(m, 5, 13).higherScore, 1);
  EXPECT_EQ(TeamInfo::of(m, 6, 6).higherScore, 1);
  store_.finish("GRPTST", TeamInfo::of(m, 13, 5), now());
  EXPECT_FALSE(store_.finish("GRPTST", TeamInfo::of(m, 5, 13), now()));  // was not live
  EXPECT_NE(store_.teamInfo("GRPTST", now())->find(R"("higherScore":1)"), std::string::npos);
  store_.create(m, now());
  EXPECT_TRUE(store_.remove("GRPTST"));
  EXPECT_FALSE(store_.remove("GRPTST"));
}

// The REST side sees what the ingest side wrote, through storage only.
TEST_F(SpectraTest, RoutesReadTheMatchStore) {
  char dir[] = "/tmp/spectra-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  FakeHost::Options options;
  options.databasePath = std::string(dir) + "/shared.db";
  auto rest = FakeHost::load<SpectraPlugin>("{}", options);
  auto ingest = FakeHost::load<IngestHarness>("{}", options);
  const MatchStore store = IngestHarness::current->store();
  const LiveMatch m = match("GRPTST");
  store.create(m, ingest.wallMs());
  EXPECT_EQ(rest.call("GET", "/status").body, R"({"status":"UP","matchesRunning":1})");
  EXPECT_EQ(rest.call("GET", "/getTeamInfoForCode?groupCode=GRPTST").status, 404);
  store.finish("GRPTST", TeamInfo::of(m, 13, 2), ingest.wallMs());
  EXPECT_EQ(rest.call("GET", "/status").body, R"({"status":"UP","matchesRunning":0})");
  const auto info = rest.call("GET", "/getTeamInfoForCode?groupCode=GRPTST");
  EXPECT_EQ(info.status, 200);
  EXPECT_EQ(info.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(Json::parse(info.body)["higherScore"], 0);
  EXPECT_EQ(rest.call("GET", "/getTeamInfoForCode?groupCode=grptst").status, 404);
  rest.advance(minutes(60) + seconds(1));
  EXPECT_EQ(rest.call("GET", "/getTeamInfoForCode?groupCode=GRPTST").status, 404);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace spectra::testing
