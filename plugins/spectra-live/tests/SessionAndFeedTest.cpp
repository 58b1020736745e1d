// The Engine.IO session's heartbeat and upgrade, and the overlay rooms' update rule.
#include "EngineIoSession.hpp"
#include "OverlayFeed.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace spectra_live {
namespace {

EngineIoHandshake handshake() {
  EngineIoHandshake h;
  h.sid = "sid1";
  return h;
}

TEST(EngineIoSessionTest, PollingDeliversMessagesAndQueuesReplies) {
  EngineIoSession session(handshake(), EngineIoSession::Transport::Polling, 0);
  EXPECT_NE(session.openPacket().find(R"("upgrades":["websocket"])"), std::string::npos);
  const auto received = session.receivePayload(
      "40\x1e"
      R"(42["logon","{}"])",
      0);
  EXPECT_FALSE(received.closed);
  EXPECT_EQ(received.messages, (std::vector<std::string>{"0", R"(2["logon","{}"])"}));
  EXPECT_FALSE(session.drainPoll());
  session.send(R"(0{"sid":"x"})");
  session.send(R"(2["a","b"])");
  EXPECT_EQ(session.drainPoll(), std::string("40{\"sid\":\"x\"}\x1e"
                                             R"(42["a","b"])"));
  EXPECT_FALSE(session.drainPoll());
  EXPECT_TRUE(session.receivePayload("garbage", 0).closed);
  EXPECT_TRUE(session.closed());
}

TEST(EngineIoSessionTest, ThePingIsDueEveryIntervalAndAMissingPongTimesOut) {
  EngineIoSession session(handshake(), EngineIoSession::Transport::WebSocket, 0);
  EXPECT_NE(session.openPacket().find(R"("upgrades":[])"), std::string::npos);
  EXPECT_TRUE(session.tick(24999));
  EXPECT_TRUE(session.drainFrames().empty());
  EXPECT_TRUE(session.tick(25000));
  EXPECT_EQ(session.drainFrames(), std::vector<std::string>{"2"});
  session.receive(*EngineIoCodec::decode("3"), 30000);
  EXPECT_TRUE(session.tick(45000));  // answered: no timeout
  EXPECT_TRUE(session.tick(50000));  // the next ping
  EXPECT_EQ(session.drainFrames(), std::vector<std::string>{"2"});
  EXPECT_TRUE(session.tick(69999));
  EXPECT_FALSE(session.tick(70000));  // pingTimeout (20 s) passed without a pong
  EXPECT_TRUE(session.closed());
}

TEST(EngineIoSessionTest, UpgradeProbeSwitchesToWebSocketAndReleasesThePoll) {
  EngineIoSession session(handshake(), EngineIoSession::Transport::Polling, 0);
  const auto probe = session.receive(*EngineIoCodec::decode("2probe"), 0, true);
  EXPECT_EQ(probe.replies, std::vector<std::string>{"3probe"});
  EXPECT_EQ(session.drainPoll(), std::string("6"));
  EXPECT_EQ(session.transport(), EngineIoSession::Transport::Polling);
  session.receive(*EngineIoCodec::decode("5"), 0, true);
  EXPECT_EQ(session.transport(), EngineIoSession::Transport::WebSocket);
  session.send("2[\"x\",1]");
  EXPECT_EQ(session.drainFrames(), std::vector<std::string>{"42[\"x\",1]"});
  // Anything else on the probing socket is a protocol error.
  EngineIoSession other(handshake(), EngineIoSession::Transport::Polling, 0);
  EXPECT_TRUE(other.receive(*EngineIoCodec::decode("5"), 0, true).closed);
  // Without WebSocket routes the handshake offers no upgrade.
  EngineIoHandshake pollingOnly = handshake();
  pollingOnly.offerWebSocketUpgrade = false;
  EngineIoSession polling(pollingOnly, EngineIoSession::Transport::Polling, 0);
  EXPECT_NE(polling.openPacket().find(R"("upgrades":[])"), std::string::npos);
}

TEST(EngineIoSessionTest, SendsFromManyThreadsAllArrive) {
  EngineIoSession session(handshake(), EngineIoSession::Transport::WebSocket, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&session] {
      for (int i = 0; i < 250; ++i) session.send("2[\"m\",1]");
    });
  }
  size_t drained = 0;
  for (int i = 0; i < 100; ++i) drained += session.drainFrames().size();
  for (auto& thread : threads) thread.join();
  drained += session.drainFrames().size();
  EXPECT_EQ(drained, 1000u);
}

spectra::LiveMatch liveMatch() {
  spectra::LiveMatch m;
  m.groupCode = "GRPTST";
  m.groupSecret = "SECRET";
  m.orgId = "org";
  m.leftTeam = {{"name", "Left"}, {"tricode", "LFT"}, {"internal", 1}};
  m.rightTeam = {{"name", "Right"}};
  m.tools = {{"playercamsInfo", {{"enable", true}, {"secret", "s"}, {"endTime", 5}}}};
  return m;
}

TEST(OverlayFeedTest, LogonNamesTheRoomAndTheSnapshotHasNoSecrets) {
  EXPECT_EQ(OverlayFeed::groupCodeOf(R"({"groupCode":"GRPTST"})"), "GRPTST");
  EXPECT_FALSE(OverlayFeed::groupCodeOf(R"({"groupCode":5})"));
  EXPECT_FALSE(OverlayFeed::groupCodeOf("{"));
  EXPECT_EQ(OverlayFeed::logonSuccess("GRPTST").dump(),
            R"({"groupCode":"GRPTST","msg":"Logon succeeded for group code GRPTST"})");
  const std::string text = OverlayFeed::snapshot(liveMatch()).dump();
  EXPECT_EQ(text.find("SECRET"), std::string::npos);
  EXPECT_EQ(text.find("\"secret\""), std::string::npos);
  EXPECT_EQ(text.find("endTime"), std::string::npos);
  EXPECT_EQ(text.find("org"), std::string::npos);
  EXPECT_EQ(text.find("internal"), std::string::npos);
  EXPECT_NE(text.find(R"("enable":true)"), std::string::npos);
}

TEST(OverlayFeedTest, RoomsGetAnUpdateOnlyWhenTheMatchChangedAndAtMostEvery100Ms) {
  OverlayFeed feed;
  feed.join(1, "GRPTST");
  feed.join(2, "GRPTST");
  feed.join(3, "OTHER1");
  int64_t events = 10;
  auto number = [&](const std::string& code) -> std::optional<int64_t> {
    if (code == "GRPTST") return events;
    return std::nullopt;  // OTHER1's observer has not logged on yet
  };
  auto due = feed.tick(0, number);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].groupCode, "GRPTST");
  EXPECT_EQ(due[0].connections, (std::vector<uint64_t>{1, 2}));
  EXPECT_TRUE(feed.tick(200, number).empty());  // unchanged: nothing is sent
  events = 11;
  EXPECT_EQ(feed.tick(250, number).size(), 1u);  // changed: sent (sent at 0 last)
  events = 12;
  EXPECT_TRUE(feed.tick(349, number).empty());  // changed, but within 100 ms of the last
  EXPECT_EQ(feed.tick(350, number).size(), 1u);
  feed.leave(2);
  events = 13;
  due = feed.tick(500, number);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].connections, std::vector<uint64_t>{1});
  // The match ends: the room is told once (eventNumber -1) so its overlays can be disconnected.
  auto gone = [](const std::string&) -> std::optional<int64_t> { return std::nullopt; };
  due = feed.tick(600, gone);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].eventNumber, -1);
  EXPECT_TRUE(feed.tick(700, gone).empty());
}

}  // namespace
}  // namespace spectra_live
