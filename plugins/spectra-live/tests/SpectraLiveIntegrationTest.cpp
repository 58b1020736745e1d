// The real daemon with spectra (REST) and spectra-live (ingest and output instances) on port 0,
// driven by the official socket.io-client from npm (tests/node/replay.mjs replays
// tests/node/recorded-match.json): the observer logs on, /status counts the match, an overlay in
// the group code's room receives match_data, and after game_end getTeamInfoForCode answers.
#include "HostProcess.h"
#include "HttpClient.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using apiary::test::HostProcess;
using apiary::test::HttpClient;
using Json = nlohmann::ordered_json;

std::string nodeDir() {
  return HostProcess::sourceDir() + "/plugins/spectra-live/tests/node";
}

// idleMs: live_match_idle_ms of both plugins (0: their default, 30 minutes).
Json config(int idleMs = 0) {
  Json c = HostProcess::baseConfig();
  c["listeners"]["ingest"] = {{"address", "127.0.0.1"}, {"port", 0}, {"insecure", true}};
  c["listeners"]["output"] = {{"address", "127.0.0.1"}, {"port", 0}, {"insecure", true}};
  c["plugins"]["spectra"] = {{"listener", "main"}, {"config", {{"demo", true}}}};
  c["plugins"]["spectra-live"] = {{"listener", "ingest"}, {"config", {{"mode", "ingest"}}}};
  c["plugins"]["spectra-live-output"] = {
      {"library", "spectra-live"}, {"listener", "output"}, {"config", {{"mode", "output"}}}};
  if (idleMs > 0) {
    for (const char* plugin : {"spectra", "spectra-live", "spectra-live-output"})
      c["plugins"][plugin]["config"]["live_match_idle_ms"] = idleMs;
  }
  return c;
}

bool nodeClientInstalled() {
  return std::filesystem::exists(nodeDir() + "/node_modules/socket.io-client") &&
         std::system("command -v node >/dev/null 2>&1") == 0;
}

// Runs tests/node/<script> against the host's three listeners; returns its output.
std::string runNode(const HostProcess& host, const std::string& script,
                    const std::string& transports) {
  auto url = [&](const char* listener) {
    return "http://127.0.0.1:" + std::to_string(host.port(listener));
  };
  const std::string log = host.dir() + "/" + script + ".log";
  const std::string cmd = "TRANSPORTS=" + transports + " INGEST_URL=" + url("ingest") +
                          " OUTPUT_URL=" + url("output") + " REST_URL=" + url("main") + " node " +
                          nodeDir() + "/" + script + " > " + log + " 2>&1";
  const int rc = std::system(cmd.c_str());
  std::stringstream out;
  out << std::ifstream(log).rdbuf();
  EXPECT_EQ(rc, 0) << out.str() << host.log();
  EXPECT_NE(out.str().find("PASS"), std::string::npos) << out.str();
  return out.str();
}

// transports: "" (socket.io-client's default: polling, then the WebSocket upgrade) or
// "websocket" (a direct WebSocket connect).
void replay(const std::string& transports) {
  ASSERT_TRUE(nodeClientInstalled())
      << "socket.io-client is not installed: npm ci --prefix plugins/spectra-live/tests/node";
  HostProcess host(config());
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/status").body,
            R"({"status":"UP","matchesRunning":0})");
  runNode(host, "replay.mjs", transports);
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/status").body,
            R"({"status":"UP","matchesRunning":0})");
  EXPECT_EQ(
      HttpClient::send(host.port("main"), "GET", "/getTeamInfoForCode?groupCode=REPLAY").status,
      200);
}

TEST(SpectraLive, OfficialSocketIoClientReplaysARecordedMatch) {
  replay("");
}
TEST(SpectraLive, OfficialSocketIoClientOverWebSocketOnly) {
  replay("websocket");
}

// Upstream's idle rule with the clock shortened: an observer that stops sending is disconnected
// by the server once its match went idle, on both transports, and the match is no longer counted.
TEST(SpectraLive, AnIdleObserverIsDisconnectedWhenItsMatchIsRemoved) {
  ASSERT_TRUE(nodeClientInstalled())
      << "socket.io-client is not installed: npm ci --prefix plugins/spectra-live/tests/node";
  for (const std::string transports : {"", "websocket"}) {
    HostProcess host(config(1500));
    ASSERT_TRUE(host.start()) << host.log();
    runNode(host, "idle.mjs", transports);
    EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/status").body,
              R"({"status":"UP","matchesRunning":0})");
    EXPECT_EQ(host.stop(), 0);
  }
}

}  // namespace
