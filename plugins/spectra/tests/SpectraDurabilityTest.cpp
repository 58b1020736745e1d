// Durability: the real daemon on SQLite, several clients writing previews at once, SIGKILL in the
// middle of the load, a restart on the same state directory, and every write that was answered
// 200 must be readable with its own content. A 200 from PUT /createPreview is sent only after
// the INSERT has committed (autocommit), so a lost row would be a lost acknowledged write.
#include "HostProcess.h"
#include "HttpClient.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace spectra::testing {
namespace {

using apiary::test::HostProcess;
using apiary::test::HttpClient;
using apiary::test::HttpResult;
using Json = nlohmann::ordered_json;

struct Acknowledged {
  std::string code;
  std::string teamName;  // unique per write, so the read-back proves it is this write's row
};

std::string previewBody(const std::string& teamName) {
  return Json{{"type", "preview"},
              {"key", "static-key"},
              {"previewCode", ""},
              {"leftTeam", {{"name", teamName}, {"tricode", "LFT"}, {"url", "http://l"}}},
              {"rightTeam", {{"name", "Right"}, {"tricode", "RGT"}, {"url", "http://r"}}}}
      .dump();
}

TEST(SpectraDurability, EveryAcknowledgedWriteSurvivesSigkillMidLoad) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["spectra"] = {
      {"listener", "main"}, {"max_body_bytes", 102400}, {"config", {{"auth_key", "static-key"}}}};
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  const int port = host.port("main");

  constexpr int kClients = 6;
  constexpr size_t kAcksBeforeKill = 120;
  std::mutex mutex;
  std::vector<Acknowledged> acknowledged;
  std::atomic<bool> stop{false};  // set once the daemon is dead
  std::atomic<int> failures{0};   // answers other than 200 while the daemon was alive
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int n = 0; !stop; ++n) {
        const std::string team = "client" + std::to_string(c) + "-write" + std::to_string(n);
        HttpResult r;
        std::string code;
        try {
          r = HttpClient::send(port, "PUT", "/createPreview", previewBody(team),
                               {{"Content-Type", "application/json"}});
          if (r.status == 200) code = Json::parse(r.body).at("previewCode").get<std::string>();
        } catch (const std::exception&) {
          // The daemon is gone (refused, reset, or an answer cut short): not acknowledged.
          if (stop) return;
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
          continue;
        }
        if (r.status != 200) {
          ++failures;
          continue;
        }
        const std::lock_guard lock(mutex);
        acknowledged.push_back({code, team});
      }
    });
  }
  // Kill while the clients are still writing (no timing assertion: only "does not hang").
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      const std::lock_guard lock(mutex);
      if (acknowledged.size() >= kAcksBeforeKill) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(host.stop(SIGKILL), 128 + SIGKILL);  // the clients are still writing
  stop = true;
  for (auto& t : clients) t.join();
  ASSERT_GE(acknowledged.size(), kAcksBeforeKill) << host.log();
  EXPECT_EQ(failures, 0) << host.log();

  // Same config, same state directory: SQLite recovers the WAL on open.
  ASSERT_TRUE(host.start()) << host.log();
  int missing = 0;
  for (const Acknowledged& a : acknowledged) {
    const HttpResult r = HttpClient::send(host.port("main"), "GET", "/preview/" + a.code);
    if (r.status != 200) {
      ++missing;
      ADD_FAILURE() << "acknowledged preview " << a.code << " (" << a.teamName
                    << ") is gone: " << r.status << " " << r.body;
      continue;
    }
    EXPECT_NE(r.body.find("\"" + a.teamName + "\""), std::string::npos) << a.code << " " << r.body;
  }
  EXPECT_EQ(missing, 0) << "of " << acknowledged.size() << " acknowledged writes";
  EXPECT_EQ(host.stop(), 0) << host.log();
}

}  // namespace
}  // namespace spectra::testing
