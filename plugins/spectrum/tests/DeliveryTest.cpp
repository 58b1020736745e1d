// Webhook deliveries on the fake host: signed requests, the retry schedule (FakeHost::advance
// moves the clock and runs the delivery timer), final outcomes, the address guard, events.
#include "../WebhookSigner.hpp"
#include "SpectrumTestSupport.hpp"

namespace spectrum::test {
namespace {

using namespace std::chrono_literals;

class Delivery : public ::testing::Test {
 protected:
  explicit Delivery(const nlohmann::json& config = nlohmann::json::object()) : s(config) {}

  struct Hook {
    std::string id, secret;
  };
  Hook create(const std::string& url) {
    const auto r = s.as(p, "POST", "/projects/" + p.id + "/webhooks/",
                        nlohmann::json{{"webhookUrl", url}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    const auto data = bodyOf(r)["data"];
    return {data["id"], data["signingSecret"]};
  }
  FakeResponse test(const Hook& h) {
    return s.as(p, "POST", "/projects/" + p.id + "/webhooks/" + h.id + "/test");
  }
  size_t sent() { return s.host().http().requests().size(); }
  std::string state(const std::string& deliveryId) {
    const auto r = s.host().sql(
        "SELECT state || ':' || attempts FROM spectrum_deliveries WHERE id = '" + deliveryId + "'");
    return r.rows.empty() ? "" : r.rows[0][0].bytes;
  }

  SpectrumHost s;
  TestProject p = s.createProject();
};

TEST_F(Delivery, TestEventIsSignedAndDeliveredOffTheRequestThread) {
  const std::string url = "http://127.0.0.1:9/hook";
  s.host().http().respond("POST", url, 200, "ok");
  const Hook hook = create(url);
  const auto r = test(hook);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto data = bodyOf(r)["data"];
  EXPECT_EQ(data["event"], "webhook.test");
  EXPECT_EQ(data["status"], "queued");
  EXPECT_EQ(sent(), 0u);  // nothing is sent by the handler itself

  s.host().advance(100ms);
  const auto requests = s.host().http().requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& req = requests[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url, url);
  EXPECT_EQ(req.header("Content-Type"), "application/json");
  EXPECT_EQ(req.header("X-Spectrum-Event"), "webhook.test");
  EXPECT_EQ(req.header("X-Spectrum-Webhook-Id"), hook.id);
  const std::string ts = req.header("X-Spectrum-Timestamp").value_or("");
  EXPECT_EQ(ts, std::to_string(s.host().wallMs() / 1000));
  EXPECT_TRUE(WebhookSigner::verify(hook.secret, std::stoll(ts), req.body,
                                    req.header("X-Spectrum-Signature").value_or("")));
  const auto body = nlohmann::json::parse(req.body);
  EXPECT_EQ(req.body.rfind("{\"event\":\"webhook.test\"", 0), 0u) << req.body;
  EXPECT_EQ(body["webhookId"], hook.id);
  EXPECT_EQ(body["projectId"], p.id);
  EXPECT_EQ(state(data["deliveryId"]), "delivered:1");
  EXPECT_EQ(s.host().counterValue("spectrum_webhook_delivered_total"), 1);
  s.host().advance(60s);
  EXPECT_EQ(sent(), 1u);
}

TEST_F(Delivery, RetriesOnTheDocumentedScheduleThenGivesUp) {
  const std::string url = "http://127.0.0.1:9/flaky";
  s.host().http().respond("POST", url, 503, "busy");
  const std::string id = bodyOf(test(create(url)))["data"]["deliveryId"];
  const int64_t start = s.host().wallMs();
  std::vector<int64_t> at;
  for (int step = 0; step < 400; ++step) {
    const size_t before = sent();
    s.host().advance(100ms);
    if (sent() != before) at.push_back(s.host().wallMs() - start);
  }
  // First try on the next tick, then 200 ms, 1 s, 5 s, 10 s, 10 s later (jitter off here).
  EXPECT_EQ(at, (std::vector<int64_t>{100, 300, 1300, 6300, 16300, 26300}));
  EXPECT_EQ(state(id), "failed:6");
  EXPECT_EQ(s.host().counterValue("spectrum_webhook_failed_total"), 1);
}

TEST_F(Delivery, RecoversWhenTheReceiverComesBack) {
  const std::string url = "http://127.0.0.1:9/back";
  s.host().http().fail("POST", url, APIARY_HTTP_REFUSED);
  const std::string id = bodyOf(test(create(url)))["data"]["deliveryId"];
  s.host().advance(300ms);
  EXPECT_EQ(sent(), 2u);
  s.host().http().respond("POST", url, 429, "");
  s.host().advance(1s);
  EXPECT_EQ(sent(), 3u);
  EXPECT_EQ(state(id), "pending:3");
  s.host().http().respond("POST", url, 204, "");
  s.host().advance(5s);
  EXPECT_EQ(sent(), 4u);
  EXPECT_EQ(state(id), "delivered:4");
}

TEST_F(Delivery, ClientErrorsAndRedirectsAreFinal) {
  for (int status : {400, 401, 404, 410, 301, 302}) {
    const std::string url = "http://127.0.0.1:9/final" + std::to_string(status);
    s.host().http().respond("POST", url, status, "");
    const size_t before = sent();
    const std::string id = bodyOf(test(create(url)))["data"]["deliveryId"];
    s.host().advance(30s);
    EXPECT_EQ(sent(), before + 1) << status;
    EXPECT_EQ(state(id), "failed:1") << status;
  }
}

TEST_F(Delivery, DeletedWebhookStopsItsPendingDeliveries) {
  const std::string url = "http://127.0.0.1:9/gone";
  s.host().http().respond("POST", url, 500, "");
  const Hook hook = create(url);
  const std::string id = bodyOf(test(hook))["data"]["deliveryId"];
  s.host().advance(100ms);
  EXPECT_EQ(sent(), 1u);
  ASSERT_EQ(s.as(p, "DELETE", "/projects/" + p.id + "/webhooks/" + hook.id).status, 200);
  s.host().advance(30s);
  EXPECT_EQ(sent(), 1u);
  EXPECT_EQ(state(id), "failed:1");
}

TEST_F(Delivery, EmittedEventsGoToEveryActiveWebhook) {
  for (const char* u : {"http://127.0.0.1:9/a", "http://127.0.0.1:9/b", "http://127.0.0.1:9/c"})
    s.host().http().respond("POST", u, 200, "");
  create("http://127.0.0.1:9/a");
  create("http://127.0.0.1:9/b");
  const Hook c = create("http://127.0.0.1:9/c");
  ASSERT_EQ(s.as(p, "DELETE", "/projects/" + p.id + "/webhooks/" + c.id).status, 200);
  const auto r = s.host().command(
      {"event", "emit", p.id, "messages", R"({"space":{"id":"s1"},"message":{"text":"héllo"}})"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("queued 2 delivery"), std::string::npos) << r.out;
  s.host().advance(100ms);
  const auto requests = s.host().http().requests();
  ASSERT_EQ(requests.size(), 2u);
  for (const auto& req : requests) {
    EXPECT_EQ(req.header("X-Spectrum-Event"), "messages");
    EXPECT_EQ(req.body, R"({"event":"messages","space":{"id":"s1"},"message":{"text":"héllo"}})");
  }
}

class GuardedDelivery : public Delivery {
 protected:
  GuardedDelivery()
      : Delivery({{"allow_insecure_webhooks", false}, {"allow_private_addresses", false}}) {}
};

TEST_F(GuardedDelivery, PlainHttpAndPrivateAddressesAreRefusedWithoutRetry) {
  for (const std::string& url : std::vector<std::string>{
           "http://93.184.216.34/hook", "https://127.0.0.1/hook", "https://10.0.0.8/hook",
           "https://[::1]/hook", "https://169.254.169.254/latest"}) {
    s.host().http().respond("POST", url, 200, "");
    const std::string id = bodyOf(test(create(url)))["data"]["deliveryId"];
    s.host().advance(30s);
    EXPECT_EQ(state(id), "failed:0") << url;
  }
  EXPECT_EQ(sent(), 0u);
}

TEST_F(GuardedDelivery, PublicHttpsAddressIsDelivered) {
  const std::string url = "https://93.184.216.34/hook";
  s.host().http().respond("POST", url, 200, "");
  const std::string id = bodyOf(test(create(url)))["data"]["deliveryId"];
  s.host().advance(100ms);
  EXPECT_EQ(sent(), 1u);
  EXPECT_EQ(state(id), "delivered:1");
}

}  // namespace
}  // namespace spectrum::test
