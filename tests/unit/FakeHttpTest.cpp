// FakeHttp (scripted outbound HTTP for plugin tests), directly and through FakeHost with the
// SDK's HttpClient, the way a plugin author uses it.
#include <apiary/apiary.hpp>
#include <apiary/http_client.hpp>
#include <apiary/testing/fake_host.hpp>
#include <apiary/testing/fake_http.hpp>

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace apiary::testing {
namespace {

// Owns the strings an apiary_http_request points into.
struct RawRequest {
  std::string method, url, body;
  std::vector<std::pair<std::string, std::string>> headers;
  int64_t connectTimeoutMs = 0, totalTimeoutMs = 0, maxResponseBytes = 0;

  int32_t sendTo(FakeHttp& fake, int& status, FakeHttp::Headers& responseHeaders,
                 std::string& responseBody, std::string& why) const {
    std::vector<apiary_http_header> raw;
    for (const auto& [name, value] : headers) raw.push_back({toStr(name), toStr(value)});
    apiary_http_request in{};
    in.struct_size = sizeof in;
    in.method = toStr(method);
    in.url = toStr(url);
    in.headers = raw.data();
    in.header_count = raw.size();
    in.body = toStr(body);
    in.connect_timeout_ms = connectTimeoutMs;
    in.total_timeout_ms = totalTimeoutMs;
    in.max_response_bytes = maxResponseBytes;
    return fake.handle(in, status, responseHeaders, responseBody, why);
  }
};

struct Outcome {
  int32_t code = -1;
  int status = -1;
  FakeHttp::Headers headers;
  std::string body, why;
};

Outcome send(FakeHttp& fake, const RawRequest& request) {
  Outcome out;
  out.code = request.sendTo(fake, out.status, out.headers, out.body, out.why);
  return out;
}

TEST(FakeHttp, AnswersAScriptedExactUrlAndRecordsTheRequest) {
  FakeHttp fake;
  fake.respond("GET", "https://api.example/v1/users/1", 200, R"({"id":1})",
               {{"Content-Type", "application/json"}, {"X-Rate", "59"}});
  RawRequest request{"GET", "https://api.example/v1/users/1", "", {{"Authorization", "Bearer t"}}};
  request.connectTimeoutMs = 1000;
  request.totalTimeoutMs = 2500;
  request.maxResponseBytes = 4096;
  const Outcome out = send(fake, request);
  EXPECT_EQ(out.code, APIARY_HTTP_OK);
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(out.body, R"({"id":1})");
  EXPECT_EQ(out.headers,
            (FakeHttp::Headers{{"Content-Type", "application/json"}, {"X-Rate", "59"}}));
  EXPECT_EQ(out.why, "");

  const std::vector<OutboundRecord> sent = fake.requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, "https://api.example/v1/users/1");
  EXPECT_EQ(sent[0].header("authorization"), "Bearer t");
  EXPECT_EQ(sent[0].header("X-Absent"), std::nullopt);
  EXPECT_EQ(sent[0].body, "");
  EXPECT_EQ(sent[0].connectTimeoutMs, 1000);
  EXPECT_EQ(sent[0].totalTimeoutMs, 2500);
  EXPECT_EQ(sent[0].maxResponseBytes, 4096);
}

TEST(FakeHttp, UnscriptedRequestsAreRefused) {
  FakeHttp fake;
  fake.respond("GET", "https://api.example/a", 200, "a");
  Outcome out = send(fake, {"POST", "https://api.example/a", "{}", {}});
  EXPECT_EQ(out.code, APIARY_HTTP_REFUSED);
  EXPECT_EQ(out.why, "no fake response scripted for POST https://api.example/a");
  EXPECT_EQ(out.status, 0);
  out = send(fake, {"GET", "https://api.example/a/b", "", {}});
  EXPECT_EQ(out.code, APIARY_HTTP_REFUSED);
  // Recorded all the same: the plugin did send them.
  EXPECT_EQ(fake.requests().size(), 2u);
  EXPECT_EQ(fake.requests()[0].body, "{}");
}

TEST(FakeHttp, ExactUrlBeatsPrefixAndTheLongestPrefixWins) {
  FakeHttp fake;
  fake.respondPrefix("POST", "https://discord.example/api/", 500, "generic");
  fake.respondPrefix("POST", "https://discord.example/api/webhooks/", 204, "");
  fake.respond("POST", "https://discord.example/api/webhooks/1/tok", 429, "slow down");
  EXPECT_EQ(send(fake, {"POST", "https://discord.example/api/webhooks/1/tok", "x", {}}).status,
            429);
  EXPECT_EQ(send(fake, {"POST", "https://discord.example/api/webhooks/2/tok", "x", {}}).status,
            204);
  EXPECT_EQ(send(fake, {"POST", "https://discord.example/api/users/@me", "x", {}}).status, 500);
  EXPECT_EQ(send(fake, {"GET", "https://discord.example/api/webhooks/1/tok", "", {}}).code,
            APIARY_HTTP_REFUSED);
}

TEST(FakeHttp, ScriptingTheSameUrlAgainReplacesTheAnswer) {
  FakeHttp fake;
  fake.respond("GET", "https://api.example/x", 200, "first");
  fake.respond("GET", "https://api.example/x", 503, "second");
  const Outcome out = send(fake, {"GET", "https://api.example/x", "", {}});
  EXPECT_EQ(out.status, 503);
  EXPECT_EQ(out.body, "second");
  fake.fail("GET", "https://api.example/x", APIARY_HTTP_TIMEOUT);
  EXPECT_EQ(send(fake, {"GET", "https://api.example/x", "", {}}).code, APIARY_HTTP_TIMEOUT);
}

TEST(FakeHttp, ScriptedFailuresCarryTheirKindAndAReason) {
  FakeHttp fake;
  fake.fail("GET", "https://api.example/slow", APIARY_HTTP_TIMEOUT);
  fake.failPrefix("GET", "https://self-signed.example/", APIARY_HTTP_TLS);
  Outcome out = send(fake, {"GET", "https://api.example/slow", "", {}});
  EXPECT_EQ(out.code, APIARY_HTTP_TIMEOUT);
  EXPECT_EQ(out.why, "timeout (scripted for GET https://api.example/slow)");
  EXPECT_EQ(out.status, 0);
  EXPECT_EQ(out.body, "");
  out = send(fake, {"GET", "https://self-signed.example/any", "", {}});
  EXPECT_EQ(out.code, APIARY_HTTP_TLS);
  EXPECT_EQ(out.why, "TLS failure (scripted for GET https://self-signed.example/any)");
}

TEST(FakeHttp, ResponseSizeLimitLikeTheDaemon) {
  FakeHttp fake;
  fake.respond("GET", "https://api.example/ten", 200, "0123456789");
  RawRequest request{"GET", "https://api.example/ten", "", {}};
  request.maxResponseBytes = 10;
  EXPECT_EQ(send(fake, request).body, "0123456789");
  request.maxResponseBytes = 9;
  const Outcome out = send(fake, request);
  EXPECT_EQ(out.code, APIARY_HTTP_TOO_LARGE);
  EXPECT_EQ(out.why, "the response exceeds 9 bytes");
  EXPECT_EQ(out.body, "");

  // No limit given: the daemon's default of 8 MiB.
  fake.respond("GET", "https://api.example/huge", 200, std::string(8 * 1024 * 1024 + 1, 'x'));
  EXPECT_EQ(send(fake, {"GET", "https://api.example/huge", "", {}}).code, APIARY_HTTP_TOO_LARGE);
  fake.respond("GET", "https://api.example/huge", 200, std::string(8 * 1024 * 1024, 'x'));
  EXPECT_EQ(send(fake, {"GET", "https://api.example/huge", "", {}}).code, APIARY_HTTP_OK);
}

TEST(FakeHttp, RequestsTheDaemonWouldRefuseAreInvalidAndNotRecorded) {
  FakeHttp fake;
  fake.respondPrefix("GET", "", 200, "anything");
  struct Case {
    RawRequest request;
    std::string why;
  };
  const std::vector<Case> cases = {
      {{"GET", "ftp://files.example/x", "", {}},
       "unsupported URL scheme 'ftp' (only http and https)"},
      {{"GET", "/relative", "", {}}, "the URL must be absolute (http:// or https://)"},
      {{"GET", "https:///path", "", {}}, "the URL has no host"},
      {{"GET", "https://user:pw@api.example/", "", {}},
       "credentials in the URL are not supported (send an Authorization header)"},
      {{"GET", "https://api.example/a b", "", {}},
       "the URL contains a space, a control or a non-ASCII character (percent-encode it)"},
      {{"get", "https://api.example/", "", {}},
       "unsupported method (use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS)"},
      {{"GET", "https://api.example/", "", {{"X-Token", "s3cret\r\nX-Evil: 1"}}},
       "the value of header X-Token contains CR, LF or NUL"},
      {{"GET", "https://api.example/", "", {{"Bad Name", "1"}}}, "header #1 has an invalid name"},
      {{"GET", "https://api.example/", "", {{"Content-Length", "0"}}},
       "header Content-Length is set by the host from the body"},
  };
  for (const Case& c : cases) {
    const Outcome out = send(fake, c.request);
    EXPECT_EQ(out.code, APIARY_HTTP_INVALID) << c.request.url;
    EXPECT_EQ(out.why, c.why) << c.request.url;
  }
  EXPECT_TRUE(fake.requests().empty());
  EXPECT_EQ(send(fake, {"GET", "HTTPS://api.example", "", {}}).code, APIARY_HTTP_OK);
}

TEST(FakeHttp, ConcurrentRequestsAreAllRecorded) {
  FakeHttp fake;
  fake.respondPrefix("POST", "https://api.example/", 201, "ok");
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&fake, t] {
      for (int i = 0; i < 100; ++i)
        send(fake, {"POST", "https://api.example/t" + std::to_string(t), std::to_string(i), {}});
    });
  }
  for (auto& thread : threads) thread.join();
  const auto sent = fake.requests();
  ASSERT_EQ(sent.size(), 800u);
  int fromThreadThree = 0;
  for (const auto& r : sent) fromThreadThree += r.url == "https://api.example/t3";
  EXPECT_EQ(fromThreadThree, 100);
}

// A plugin that calls another service, as Spectra calls Tebex.
class ProxyPlugin : public Plugin {
 public:
  static constexpr const char* kName = "proxy";
  static constexpr const char* kVersion = "1.0.0";

  void configure(const ConfigReader& config) override {
    upstream_ = config.string("upstream", "https://api.example");
  }
  void routes(Router& router) override {
    router.get("/proxy/{id}", [this](const Request& request) {
      HttpRequest out;
      out.url = upstream_ + "/items/" + std::string(request.param("id").value_or(""));
      out.headers = {{"Authorization", "Bearer plugin-secret"}};
      out.totalTimeout = std::chrono::milliseconds(1500);
      out.maxResponseBytes = 100;
      const HttpResult result = http().send(out);
      if (!result.ok())
        return Response::text(502, std::to_string(result.error) + " " + result.message);
      return Response::text(200, std::to_string(result.status) + " " +
                                     result.header("content-type").value_or("-") + " " +
                                     result.body);
    });
  }

 private:
  std::string upstream_;
};

TEST(FakeHttpThroughHttpClient, ResponsesReachThePlugin) {
  auto host = FakeHost::load<ProxyPlugin>();
  host.http().respond("GET", "https://api.example/items/7", 200, "seven",
                      {{"Content-Type", "text/plain"}});
  const FakeResponse response = host.call("GET", "/proxy/7");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "200 text/plain seven");
  const auto sent = host.http().requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].header("Authorization"), "Bearer plugin-secret");
  EXPECT_EQ(sent[0].connectTimeoutMs, 0);
  EXPECT_EQ(sent[0].totalTimeoutMs, 1500);
  EXPECT_EQ(sent[0].maxResponseBytes, 100);
}

TEST(FakeHttpThroughHttpClient, FailuresReachThePluginWithTheirReason) {
  auto host = FakeHost::load<ProxyPlugin>();
  host.http().fail("GET", "https://api.example/items/1", APIARY_HTTP_TIMEOUT);
  FakeResponse response = host.call("GET", "/proxy/1");
  EXPECT_EQ(response.status, 502);
  EXPECT_EQ(response.body, "1 timeout (scripted for GET https://api.example/items/1)");

  response = host.call("GET", "/proxy/2");
  EXPECT_EQ(response.body, "2 no fake response scripted for GET https://api.example/items/2");

  host.http().respond("GET", "https://api.example/items/3", 200, std::string(101, 'x'));
  response = host.call("GET", "/proxy/3");
  EXPECT_EQ(response.body, "4 the response exceeds 100 bytes");
}

}  // namespace
}  // namespace apiary::testing
