// Two apiary processes behind one (imagined) load balancer, sharing one PostgreSQL database
// (issue #13): every stateful plugin (spectra, spectrum with auth-basic, spellbot with
// auth-bearer) points at a throwaway cluster on loopback, and what one instance writes the other
// serves: previews and their expiry, keys and credentials and their revocation, the rate-limit
// windows, webhooks and deliveries, SpellBot rows. Races on the same resource from both sides
// end in one success and the plugin's own 409, never a 500. Skipped without PostgreSQL server
// binaries unless APIARY_REQUIRE_POSTGRES=1 (CI), which turns the skip into a failure.
#include "HostProcess.h"
#include "HttpClient.h"
#include "PostgresCluster.h"
#include "WebhookReceiver.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <regex>
#include <thread>

namespace apiary::test {
namespace {

using apiary::testing::PostgresCluster;
using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

// The host's verified-token cache keeps a token verified by an instance for up to 5 s
// (host/VerifiedTokenCache.h); a revoke made elsewhere must bite within that bound. The wait
// below is that bound plus slack for a loaded machine: it proves "bounded", not a speed.
constexpr auto kRevokeBound = std::chrono::seconds(20);

std::string base64(const std::string& in) {
  static constexpr char k[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t v = uint8_t(in[i]) << 16;
    if (i + 1 < in.size()) v |= uint8_t(in[i + 1]) << 8;
    if (i + 2 < in.size()) v |= uint8_t(in[i + 2]);
    out += k[(v >> 18) & 63];
    out += k[(v >> 12) & 63];
    out += i + 1 < in.size() ? k[(v >> 6) & 63] : '=';
    out += i + 2 < in.size() ? k[v & 63] : '=';
  }
  return out;
}

// Polls until pred() holds or the bound passes; returns whether it held.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds bound) {
  const auto until = Clock::now() + bound;
  while (true) {
    if (pred()) return true;
    if (Clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::string previewBody(const std::string& key, const std::string& code) {
  return R"({"type":"preview","clientVersion":"1.0.0","key":")" + key + R"(","previewCode":")" +
         code +
         R"(","leftTeam":{"name":"Left","tricode":"LFT","url":"http://l","attackStart":true},)"
         R"("rightTeam":{"name":"Right","tricode":"RGT","url":"http://r","attackStart":false},)"
         R"("toolsData":{"seriesInfo":{"needed":3,"wonLeft":1,"wonRight":0,"mapInfo":[]},)"
         R"("timeoutDuration":60}})";
}

class SharedDatabase : public ::testing::Test {
 protected:
  struct Project {
    std::string id, secret;
    HttpClient::Headers auth() const {
      return {{"Authorization", "Basic " + base64(id + ":" + secret)},
              {"Content-Type", "application/json"}};
    }
  };

  // previewTtlMs differs between the instances on purpose: the writer's TTL decides a
  // preview's expiry, the reader's clock decides whether it is still served.
  static Json config(const std::string& url, const std::string& spellbotUrl, bool demo,
                     int previewTtlMs, int deliveryWorkers) {
    Json c = HostProcess::baseConfig();
    c["storage"] = {{"url", url}, {"pool_size", 4}};
    c["listeners"]["spectrum"] = {{"address", "127.0.0.1"}, {"port", 0}, {"insecure", true}};
    c["listeners"]["spellbot"] = {{"address", "127.0.0.1"}, {"port", 0}, {"insecure", true}};
    c["plugins"]["spectra"] = {
        {"listener", "main"},
        {"config",
         {{"require_auth_key", true}, {"demo", false}, {"preview_ttl_ms", previewTtlMs}}}};
    c["plugins"]["basic:spectrum"] = {{"library", "auth-basic"},
                                      {"config", {{"realm", "spectrum"}}}};
    c["plugins"]["spectrum"] = {
        {"listener", "spectrum"},
        {"config",
         {{"rate_limit", {{"enabled", true}, {"requests_per_second", 5}}},
          {"allow_insecure_webhooks", true},
          {"allow_private_addresses", true},
          // Only A delivers: what B queues must reach the receiver through A.
          {"delivery",
           {{"workers", deliveryWorkers}, {"poll_interval_ms", 20}, {"jitter", false}}}}}};
    // SpellBot and its tokens in their own database, named by the plugin's `database` key.
    c["plugins"]["bearer:spellbot"] = {
        {"library", "auth-bearer"},
        {"database", spellbotUrl},
        {"config", {{"realm", "spellbot"}, {"spellbot_tokens", true}}}};
    c["plugins"]["spellbot"] = {
        {"listener", "spellbot"},
        {"database", spellbotUrl},
        {"config", {{"demo", demo}, {"auth_provider", "bearer:spellbot"}, {"realm", "spellbot"}}}};
    return c;
  }

  static void SetUpTestSuite() {
    PostgresCluster& pg = PostgresCluster::shared();
    if (!pg.available()) return;
    const std::string url = pg.createDatabase("shared_apiary");
    const std::string spellbotUrl = pg.createDatabase("shared_spellbot");
    receiver_ = new spectrum::test::WebhookReceiver();
    a_ = new HostProcess(config(url, spellbotUrl, true, 3600 * 1000, 1));
    b_ = new HostProcess(config(url, spellbotUrl, false, 1000, 0));
    // Both start at once: migrations of the same schemas race and must serialise.
    auto startA = std::async(std::launch::async, [] { return a_->start(); });
    const bool bStarted = b_->start();
    ASSERT_TRUE(startA.get()) << a_->log();
    ASSERT_TRUE(bStarted) << b_->log();
  }
  static void TearDownTestSuite() {
    delete a_;
    delete b_;
    a_ = b_ = nullptr;
    delete receiver_;
    receiver_ = nullptr;
  }
  void SetUp() override {
    PostgresCluster& pg = PostgresCluster::shared();
    if (!pg.available()) {
      if (PostgresCluster::required()) FAIL() << pg.skipReason();
      GTEST_SKIP() << pg.skipReason();
    }
    ASSERT_NE(a_, nullptr);
  }

  static Project createProject(const std::string& name) {
    EXPECT_EQ(a_->runToExit({"spectrum", "project", "create", "--name", name}), 0) << a_->log();
    const std::string log = a_->log();
    Project p;
    const std::regex pair("id: ([0-9a-f-]{36})\nsecret: ([0-9a-f]{64})");
    for (auto it = std::sregex_iterator(log.begin(), log.end(), pair); it != std::sregex_iterator();
         ++it) {
      p.id = (*it)[1];
      p.secret = (*it)[2];
    }
    EXPECT_FALSE(p.id.empty()) << log;
    return p;
  }
  static std::string createSpectraKey(const std::string& org) {
    EXPECT_EQ(a_->runToExit({"spectra", "key", "create", "--org-name", org}), 0) << a_->log();
    return a_->lastLogMatch("\n([0-9A-Za-z_-]{20,})\nkey [0-9]+ for organisation");
  }

  static HostProcess* a_;
  static HostProcess* b_;
  static spectrum::test::WebhookReceiver* receiver_;
};
HostProcess* SharedDatabase::a_ = nullptr;
HostProcess* SharedDatabase::b_ = nullptr;
spectrum::test::WebhookReceiver* SharedDatabase::receiver_ = nullptr;

TEST_F(SharedDatabase, BothInstancesMigratedOnceAndReportTheDatabaseReady) {
  // Exactly one of the two recorded spectra's migrations; the other found them applied.
  const auto applied = [](const std::string& log) {
    return log.find("to schema spectra") != std::string::npos;
  };
  EXPECT_NE(applied(a_->log()), applied(b_->log())) << a_->log() << b_->log();
  for (HostProcess* h : {a_, b_}) {
    const HttpResult r = HttpClient::send(h->port("admin"), "GET", "/readyz");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("postgresql://apiary@127.0.0.1"), std::string::npos) << r.body;
  }
}

TEST_F(SharedDatabase, SpectraPreviewWrittenOnAIsServedByBAndExpiresOnB) {
  const std::string key = createSpectraKey("Previewers");
  ASSERT_FALSE(key.empty()) << a_->log();
  // A writes (TTL one hour), B serves it.
  HttpResult r =
      HttpClient::send(a_->port("main"), "PUT", "/createPreview", previewBody(key, "SHARE1"),
                       {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, R"({"previewCode":"SHARE1"})");
  r = HttpClient::send(b_->port("main"), "GET", "/preview/SHARE1");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"LFT\""), std::string::npos) << r.body;

  // B writes with its one-second TTL; A stops serving it once B's expiry passes.
  r = HttpClient::send(b_->port("main"), "PUT", "/createPreview", previewBody(key, "SHORT1"),
                       {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(eventually(
      [] { return HttpClient::send(a_->port("main"), "GET", "/preview/SHORT1").status == 404; },
      kRevokeBound));
  // An expired row that no sweep removed yet is not served by either instance.
  PostgresCluster::shared().exec(
      "shared_apiary",
      "INSERT INTO spectra_previews (code, owner, document, updated_ms, expires_ms) "
      "VALUES ('OLD001', 'org:x', '{}', 1, 2)");
  EXPECT_EQ(HttpClient::send(a_->port("main"), "GET", "/preview/OLD001").status, 404);
  EXPECT_EQ(HttpClient::send(b_->port("main"), "GET", "/preview/OLD001").status, 404);
}

TEST_F(SharedDatabase, SpectraKeyFromTheCliWorksOnBAndItsRevokeBitesAtOnce) {
  const std::string key = createSpectraKey("Revokers");
  ASSERT_FALSE(key.empty()) << a_->log();
  HttpResult r = HttpClient::send(b_->port("main"), "GET", "/getOrgForKey?key=" + key);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Revokers"), std::string::npos) << r.body;
  const std::string id = a_->lastLogMatch("key ([0-9]+) for organisation [^ ]+ \\(Revokers\\)");
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(a_->runToExit({"spectra", "key", "revoke", id}), 0) << a_->log();
  // Spectra keeps no cache: the next request on either instance sees the revoke.
  r = HttpClient::send(b_->port("main"), "PUT", "/createPreview", previewBody(key, "REVOK1"),
                       {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(HttpClient::send(a_->port("main"), "GET", "/getOrgForKey?key=" + key).status, 200);
}

TEST_F(SharedDatabase, SpectrumCredentialFromTheCliWorksOnBAndItsRotationBitesWithinTheBound) {
  const Project p = createProject("Rotated");
  // Verified (and cached) by B.
  ASSERT_EQ(HttpClient::send(b_->port("spectrum"), "GET", "/projects/" + p.id, "", p.auth()).status,
            200);
  ASSERT_EQ(a_->runToExit({"spectrum", "project", "regenerate-secret", p.id}), 0) << a_->log();
  Project rotated = p;
  rotated.secret = a_->lastLogMatch("secret: ([0-9a-f]{64})");
  ASSERT_NE(rotated.secret, p.secret);
  // The new secret works on B at once (never cached); the old one stops within the cache bound.
  EXPECT_EQ(
      HttpClient::send(b_->port("spectrum"), "GET", "/projects/" + p.id, "", rotated.auth()).status,
      200);
  EXPECT_TRUE(eventually(
      [&] {
        return HttpClient::send(b_->port("spectrum"), "GET", "/projects/" + p.id, "", p.auth())
                   .status == 401;
      },
      kRevokeBound));
}

TEST_F(SharedDatabase, BearerTokenFromTheCliWorksOnBAndItsRevokeOnABitesWithinTheBound) {
  ASSERT_EQ(a_->runToExit({"token", "create", "--realm", "spellbot", "--scopes", "game"}), 0)
      << a_->log();
  const std::string id = a_->lastLogMatch("id: ([0-9]+)\nsecret: [0-9a-f]+\n\\(the secret");
  const std::string secret = a_->lastLogMatch("id: [0-9]+\nsecret: ([0-9a-f]+)\n\\(the secret");
  ASSERT_FALSE(secret.empty()) << a_->log();
  const auto verify = [&](HostProcess* h) {
    return HttpClient::send(
               h->port("spellbot"), "POST", "/api/game/1/verify",
               R"({"user_xid": 1, "guild_xid": 2, "pin": "000000"})",
               {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + secret}})
        .status;
  };
  EXPECT_EQ(verify(b_), 200);
  EXPECT_EQ(verify(a_), 200);
  ASSERT_EQ(a_->runToExit({"token", "revoke", "--realm", "spellbot", id}), 0) << a_->log();
  EXPECT_TRUE(eventually([&] { return verify(b_) == 403; }, kRevokeBound));
  EXPECT_TRUE(eventually([&] { return verify(a_) == 403; }, kRevokeBound));
}

TEST_F(SharedDatabase, SpectrumRateLimitIsCountedAcrossBothInstances) {
  const Project p = createProject("Limited");
  // 5 requests per second per project. Sixteen requests, half to each instance, in parallel:
  // with per-instance counters each instance would admit at least 5 (10 in all); one shared
  // sliding window admits at most 5 in a window plus what the previous window still lends,
  // fewer than 10 in all while the burst stays inside one second. A burst slowed past a
  // second by a loaded machine proves nothing either way and is tried again (a new project).
  for (int attempt = 0; attempt < 5; ++attempt) {
    const Project q = attempt == 0 ? p : createProject("Limited" + std::to_string(attempt));
    const auto started = Clock::now();
    std::vector<std::future<int>> calls;
    for (int i = 0; i < 16; ++i) {
      HostProcess* h = i % 2 ? b_ : a_;
      calls.push_back(std::async(std::launch::async, [h, q] {
        return HttpClient::send(h->port("spectrum"), "GET", "/projects/" + q.id, "", q.auth())
            .status;
      }));
    }
    int admitted = 0, limited = 0;
    for (auto& c : calls) {
      const int status = c.get();
      EXPECT_TRUE(status == 200 || status == 429) << status;
      admitted += status == 200;
      limited += status == 429;
    }
    if (Clock::now() - started >= std::chrono::milliseconds(900)) continue;
    EXPECT_LT(admitted, 10);
    EXPECT_GT(limited, 6);
    return;
  }
  FAIL() << "five bursts of 16 requests each took a second or more";
}

TEST_F(SharedDatabase, SpectrumWebhookFromAIsListedOnBAndWhatBQueuesADelivers) {
  const Project p = createProject("Hooks");
  HttpResult r = HttpClient::send(a_->port("spectrum"), "POST", "/projects/" + p.id + "/webhooks",
                                  Json{{"webhookUrl", receiver_->url("/hook")}}.dump(), p.auth());
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string hookId = Json::parse(r.body)["data"]["id"];
  r = HttpClient::send(b_->port("spectrum"), "GET", "/projects/" + p.id + "/webhooks", "",
                       p.auth());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(hookId), std::string::npos) << r.body;
  // B queues the delivery (it runs no delivery workers); A's worker picks it up and sends it.
  const size_t before = receiver_->received().size();
  r = HttpClient::send(b_->port("spectrum"), "POST",
                       "/projects/" + p.id + "/webhooks/" + hookId + "/test", "{}", p.auth());
  ASSERT_LT(r.status, 300) << r.body;
  ASSERT_TRUE(receiver_->waitFor(before + 1, 20000)) << a_->log();
  const auto received = receiver_->received();
  EXPECT_NE(received.back().body.find("webhook.test"), std::string::npos) << received.back().body;
  // Deleted on B, gone on A.
  r = HttpClient::send(b_->port("spectrum"), "DELETE", "/projects/" + p.id + "/webhooks/" + hookId,
                       "", p.auth());
  EXPECT_LT(r.status, 300) << r.body;
  r = HttpClient::send(a_->port("spectrum"), "GET", "/projects/" + p.id + "/webhooks", "",
                       p.auth());
  EXPECT_EQ(r.body.find(hookId), std::string::npos) << r.body;
}

TEST_F(SharedDatabase, SameWebhookCreatedOnBothAtOnceGivesOneSuccessAndOneConflict) {
  // Each round: the same URL posted to A and B at the same moment, for a project of its own
  // (the 5 requests/s rate limit counts per project). SERIALIZABLE transactions make the
  // loser's check-then-insert fail and re-run (BUSY), then see the winner's row: 409.
  for (int round = 0; round < 8; ++round) {
    const Project p = createProject("Racers" + std::to_string(round));
    const std::string body = Json{{"webhookUrl", receiver_->url("/race")}}.dump();
    std::promise<void> go;
    std::shared_future<void> ready = go.get_future().share();
    auto post = [&](HostProcess* h) {
      return std::async(std::launch::async, [h, ready, body, p] {
        ready.wait();
        return HttpClient::send(h->port("spectrum"), "POST", "/projects/" + p.id + "/webhooks",
                                body, p.auth());
      });
    };
    auto fa = post(a_);
    auto fb = post(b_);
    go.set_value();
    const HttpResult ra = fa.get(), rb = fb.get();
    std::vector<int> statuses{ra.status, rb.status};
    std::sort(statuses.begin(), statuses.end());
    ASSERT_EQ(statuses, (std::vector<int>{200, 409})) << ra.body << " | " << rb.body;
    const HttpResult& conflict = ra.status == 409 ? ra : rb;
    EXPECT_NE(conflict.body.find(R"("code":"conflict")"), std::string::npos) << conflict.body;
    const HttpResult list = HttpClient::send(b_->port("spectrum"), "GET",
                                             "/projects/" + p.id + "/webhooks", "", p.auth());
    EXPECT_EQ(Json::parse(list.body)["data"].size(), 1u) << list.body;
  }
}

TEST_F(SharedDatabase, SpellbotRowsWrittenThroughAAreServedByB) {
  // A ran the demo data into the shared SpellBot database; B (no demo) serves it.
  const std::string demoToken = a_->lastLogMatch("shown once\\): ([0-9a-f]+)");
  ASSERT_FALSE(demoToken.empty()) << a_->log();
  HttpResult r = HttpClient::send(b_->port("spellbot"), "GET", "/queues.json");
  EXPECT_EQ(r.status, 200) << r.body;
  r = HttpClient::send(b_->port("spellbot"), "GET", "/g/980001/c/980101");
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
  // The PIN check on B reads the plays A's demo wrote, with the token A's demo issued.
  r = HttpClient::send(
      b_->port("spellbot"), "POST", "/api/game/1/verify",
      R"({"user_xid": 1001, "guild_xid": 980001, "pin": "111111"})",
      {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + demoToken}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, R"({"result": {"verified": true}})");
}

// Last in the suite (it restarts the cluster the others use): PostgreSQL restarts under
// requests; both daemons answer in their error envelope meanwhile (no 500, no hang, no crash)
// and serve again once it is back, with no restart of apiary (broken pooled connections are
// dropped and replaced).
TEST_F(SharedDatabase, DatabaseRestartUnderLoadRecoversWithoutRestartingApiary) {
  const std::string key = createSpectraKey("Restart");
  ASSERT_EQ(HttpClient::send(a_->port("main"), "PUT", "/createPreview", previewBody(key, "RSTRT1"),
                             {{"Content-Type", "application/json"}})
                .status,
            200);
  std::atomic<bool> stop{false};
  std::mutex seenMutex;
  std::map<int, int> seen;     // status -> count while the database was away and back
  std::string unavailable[2];  // a 503 body from spectra, from spellbot
  std::vector<std::thread> load;
  for (HostProcess* h : {a_, b_, a_, b_}) {
    load.emplace_back([&, h] {
      while (!stop) {
        const HttpResult r1 = HttpClient::send(h->port("main"), "GET", "/preview/RSTRT1");
        const HttpResult r2 = HttpClient::send(h->port("spellbot"), "GET", "/queues.json");
        const int s1 = r1.status, s2 = r2.status;
        std::lock_guard lock(seenMutex);
        if (s1 == 503) unavailable[0] = r1.body;
        if (s2 == 503) unavailable[1] = r2.body;
        ++seen[s1];
        ++seen[1000 + s2];  // spellbot's, apart
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  PostgresCluster::shared().stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  PostgresCluster::shared().start();
  ASSERT_TRUE(PostgresCluster::shared().available());
  const bool recovered = eventually(
      [] {
        for (HostProcess* h : {a_, b_}) {
          if (HttpClient::send(h->port("main"), "GET", "/preview/RSTRT1").status != 200 ||
              HttpClient::send(h->port("spellbot"), "GET", "/queues.json").status != 200)
            return false;
        }
        return true;
      },
      std::chrono::seconds(30));
  stop = true;
  for (auto& t : load) t.join();
  EXPECT_TRUE(recovered) << a_->log() << b_->log();
  std::string statuses;
  for (const auto& [status, count] : seen)
    statuses += std::to_string(status) + "x" + std::to_string(count) + " ";
  for (const auto& [status, count] : seen)
    EXPECT_TRUE(status % 1000 == 200 || status % 1000 == 503) << statuses;
  // In each plugin's own envelope.
  EXPECT_EQ(unavailable[0], R"({"error":"Storage unavailable"})");
  EXPECT_EQ(unavailable[1], R"({"error": "Storage unavailable"})");
  // Writes work again too, on both.
  EXPECT_EQ(HttpClient::send(b_->port("main"), "PUT", "/createPreview", previewBody(key, "RSTRT2"),
                             {{"Content-Type", "application/json"}})
                .status,
            200);
  EXPECT_EQ(HttpClient::send(a_->port("main"), "GET", "/preview/RSTRT2").status, 200);
}

}  // namespace
}  // namespace apiary::test
