// The request pipeline through the real daemon and real sockets: limits, errors in the
// plugin's envelope, CORS, matching options, request ids, HTTPS, shutdown.
#include "HostProcess.h"
#include "HttpClient.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <thread>

namespace apiary::test {
namespace {

using Json = nlohmann::ordered_json;

Json behaviour(Json config = Json::object()) {
  return {{"library", HostProcess::fixtureDir() + "/libfixture-behaviour.so"},
          {"listener", "main"},
          {"config", std::move(config)}};
}

// One daemon for the tests that do not need their own.
class Pipeline : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Json config = HostProcess::baseConfig();
    config["listeners"]["main"]["max_body_bytes"] = 1000;
    config["listeners"]["main"]["max_header_bytes"] = 4096;
    config["plugins"]["plain"] = behaviour(Json{{"security_header", true}});
    config["plugins"]["express"] = behaviour(Json{{"case_insensitive", true},
                                                  {"trailing_slash", true},
                                                  {"cors", true},
                                                  {"mismatch_404", true}});
    config["plugins"]["express"]["prefix"] = "/express";
    config["plugins"]["photon"] = behaviour(Json{{"envelope", "succeed"}});
    config["plugins"]["photon"]["prefix"] = "/photon";
    config["plugins"]["photon"]["max_body_bytes"] = 10;
    host_ = new HostProcess(config);
    ASSERT_TRUE(host_->start()) << host_->log();
    port_ = host_->port("main");
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }

  static HttpResult get(const std::string& target, const HttpClient::Headers& headers = {}) {
    return HttpClient::send(port_, "GET", target, {}, headers);
  }

  static HostProcess* host_;
  static int port_;
};
HostProcess* Pipeline::host_ = nullptr;
int Pipeline::port_ = 0;

TEST_F(Pipeline, LiteralSegmentWinsOverParameter) {
  EXPECT_EQ(get("/items/special").body, "literal");
  EXPECT_EQ(get("/items/other").body, "param:other");
  EXPECT_EQ(get("/items/a%20b").body, "param:a b");
}

TEST_F(Pipeline, QueryParametersAreDecoded) {
  EXPECT_EQ(get("/query?x=a+b%26c&y=1").body, "a b&c");
  EXPECT_EQ(get("/query").body, "<none>");
}

TEST_F(Pipeline, NotFoundAndMethodNotAllowedInTheEnvelope) {
  HttpResult r = get("/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":"Not found"})");
  r = HttpClient::send(port_, "DELETE", "/items/1");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "GET, HEAD");
  r = HttpClient::send(port_, "DELETE", "/photon/items/1");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.body, R"({"succeed":false,"code":405,"message":"Method not allowed"})");
  EXPECT_EQ(get("/photon/nope").body, R"({"succeed":false,"code":404,"message":"Not found"})");
}

TEST_F(Pipeline, HeadIsAnsweredByTheGetRouteWithoutBody) {
  const HttpResult r = HttpClient::send(port_, "HEAD", "/items/special");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Length"), "7");
  EXPECT_EQ(r.body, "");
}

TEST_F(Pipeline, ThrowingHandlerGives500InEnvelopeAndHostKeepsServing) {
  const HttpResult r = get("/boom", {{"X-Request-Id", "boom-1"}});
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, R"({"error":"Internal server error"})");
  EXPECT_EQ(r.header("X-Request-Id"), "boom-1");
  EXPECT_EQ(get("/photon/boom").body,
            R"({"succeed":false,"code":500,"message":"Internal server error"})");
  EXPECT_EQ(get("/items/special").status, 200);
  const std::string log = host_->log();
  EXPECT_NE(log.find("handler failed: request_id=boom-1 error=deliberate failure"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("handler failed: plugin=plain route=GET /boom request_id=boom-1"),
            std::string::npos);
}

TEST_F(Pipeline, HandlerThrowingNonStdExceptionsGives500AndHostKeepsServing) {
  // throw 42 and throw std::string: caught by the SDK's trampoline, never unwound into the host.
  for (const char* path : {"/throw-int", "/throw-string"}) {
    const HttpResult r = get(path, {{"X-Request-Id", std::string("nonstd-") + (path + 1)}});
    EXPECT_EQ(r.status, 500) << path;
    EXPECT_EQ(r.body, R"({"error":"Internal server error"})") << path;
    EXPECT_EQ(get("/photon" + std::string(path)).body,
              R"({"succeed":false,"code":500,"message":"Internal server error"})");
  }
  EXPECT_EQ(get("/items/special").status, 200);
  const std::string log = host_->log();
  EXPECT_NE(log.find("handler failed: request_id=nonstd-throw-int error=unknown exception"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("handler failed: request_id=nonstd-throw-string error=unknown exception"),
            std::string::npos)
      << log;
  EXPECT_EQ(::kill(host_->pid(), 0), 0);  // still alive
}

TEST_F(Pipeline, HttpErrorKeepsItsStatus) {
  const HttpResult r = get("/teapot");
  EXPECT_EQ(r.status, 418);
  EXPECT_EQ(r.body, R"({"error":"I'm a teapot"})");
}

TEST_F(Pipeline, RequestIdIsGeneratedOrTakenFromASafeClientValue) {
  EXPECT_EQ(get("/request-id", {{"X-Request-Id", "abc-123"}}).body, "abc-123");
  const HttpResult generated = get("/request-id", {{"X-Request-Id", "bad id <script>"}});
  EXPECT_EQ(generated.body.size(), 16u);
  EXPECT_EQ(generated.header("X-Request-Id"), generated.body);
}

TEST_F(Pipeline, AccessLogLineIsWrittenWithoutTheQuery) {
  // Lines are written in batches (AccessLog), so they may arrive a little after the answer.
  const HttpResult r = get("/teapot?secret=s3cr3t", {{"X-Request-Id", "access-line-1"}});
  ASSERT_EQ(r.status, 418);
  const std::string want = "INFO access: main 127.0.0.1:";
  const std::string tail = " \"GET /teapot\" 418 24 ";
  std::string line;
  for (int i = 0; i < 500 && line.empty(); ++i) {
    const std::string log = host_->log();
    const size_t rid = log.find("rid=access-line-1 plugin=plain\n");
    if (rid != std::string::npos)
      line = log.substr(log.rfind('\n', rid) + 1, rid - log.rfind('\n', rid));
    if (line.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(line.empty()) << host_->log();
  EXPECT_NE(line.find(want), std::string::npos) << line;
  EXPECT_NE(line.find(tail), std::string::npos) << line;
  EXPECT_EQ(line.find("s3cr3t"), std::string::npos) << line;
}

TEST_F(Pipeline, BodyWithinLimitIsEchoed) {
  const HttpResult r = HttpClient::send(port_, "POST", "/echo", std::string(1000, 'a'),
                                        {{"Content-Type", "text/x-test"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), 1000u);
  EXPECT_EQ(r.header("Content-Type"), "text/x-test");
}

TEST_F(Pipeline, OversizedBodyIs413InTheEnvelope) {
  HttpResult r = HttpClient::send(port_, "POST", "/echo", std::string(1001, 'a'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, R"j({"error":"Request body too large (limit 1000 bytes)"})j");
  // The mount's own limit overrides the listener's.
  r = HttpClient::send(port_, "POST", "/photon/echo", std::string(11, 'a'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(
      r.body,
      R"j({"succeed":false,"code":413,"message":"Request body too large (limit 10 bytes)"})j");
}

TEST_F(Pipeline, OversizedChunkedBodyIs413) {
  std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) request += "258\r\n" + std::string(600, 'b') + "\r\n";
  request += "0\r\n\r\n";
  const std::string response = HttpClient::raw(port_, request);
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response;
}

TEST_F(Pipeline, PostWithoutContentLengthHasAnEmptyBodyAndDoesNotHang) {
  const std::string response =
      HttpClient::raw(port_, "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5000);
  EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
  EXPECT_NE(response.find("Content-Length: 0"), std::string::npos) << response;
}

TEST_F(Pipeline, OversizedHeadersAre431) {
  HttpResult r = get("/items/special",
                     {{"X-Big", std::string(3000, 'h')}, {"X-Big2", std::string(2000, 'h')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(r.body, R"({"error":"Request header fields too large"})");
}

TEST_F(Pipeline, MalformedPathEscapeIs400) {
  const HttpResult r = get("/items/%zz");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"error":"Malformed path"})");
}

TEST_F(Pipeline, GarbageRequestLineIsRejectedAndTheHostSurvives) {
  const std::string response = HttpClient::raw(port_, "GARBAGE\r\n\r\n", 3000);
  EXPECT_EQ(response.rfind("HTTP/1.", 0), 0u) << response;
  EXPECT_NE(response.find(" 400 "), std::string::npos) << response;
  EXPECT_EQ(response.substr(response.find("\r\n\r\n") + 4), R"({"error":"Malformed request"})");
  EXPECT_EQ(get("/items/special").status, 200);
}

TEST_F(Pipeline, DefaultHeadersOnEveryResponseErrorsIncluded) {
  EXPECT_EQ(get("/items/special").header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(get("/nope").header("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(get("/express/items/special").hasHeader("X-Content-Type-Options"));
}

TEST_F(Pipeline, ExpressStyleMatchingIsPerPlugin) {
  EXPECT_EQ(get("/express/ITEMS/Special").body, "literal");
  EXPECT_EQ(get("/express/items/special/").body, "literal");
  EXPECT_EQ(get("/EXPRESS/items/special").body, "literal");
  // The plain plugin is strict.
  EXPECT_EQ(get("/ITEMS/special").status, 404);
  EXPECT_EQ(get("/items/special/").status, 404);
  // mismatch_404: a known path with another method is 404, as Express answers.
  EXPECT_EQ(HttpClient::send(port_, "DELETE", "/express/items/1").status, 404);
}

TEST_F(Pipeline, CorsPreflightAndAllowOriginOnEveryResponse) {
  const HttpResult pre =
      HttpClient::send(port_, "OPTIONS", "/express/anything/at/all", {},
                       {{"Origin", "https://a.example"},
                        {"Access-Control-Request-Method", "PUT"},
                        {"Access-Control-Request-Headers", "content-type,x-key"}});
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(pre.header("Access-Control-Allow-Methods"), "GET,HEAD,PUT,PATCH,POST,DELETE");
  EXPECT_EQ(pre.header("Access-Control-Allow-Headers"), "content-type,x-key");
  EXPECT_EQ(pre.header("Vary"), "Access-Control-Request-Headers");
  EXPECT_EQ(pre.header("Content-Length"), "0");
  EXPECT_FALSE(pre.hasHeader("Access-Control-Max-Age"));
  EXPECT_EQ(get("/express/items/special").header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(get("/express/nope").header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(get("/express/boom").header("Access-Control-Allow-Origin"), "*");
  // No CORS policy on the plain plugin: OPTIONS is just an unregistered method.
  EXPECT_FALSE(get("/items/special").hasHeader("Access-Control-Allow-Origin"));
  EXPECT_EQ(HttpClient::send(port_, "OPTIONS", "/items/special").status, 405);
}

TEST_F(Pipeline, ManyConcurrentClients) {
  std::vector<std::future<int>> results;
  for (int i = 0; i < 32; ++i)
    results.push_back(std::async(std::launch::async, [i] {
      int ok = 0;
      for (int j = 0; j < 20; ++j)
        ok += get("/items/" + std::to_string(i * 100 + j)).body ==
              "param:" + std::to_string(i * 100 + j);
      return ok;
    }));
  int total = 0;
  for (auto& r : results) total += r.get();
  EXPECT_EQ(total, 32 * 20);
}

TEST(PipelineLimits, StalledClientIsCutAfterTheTimeout) {
  Json config = HostProcess::baseConfig();
  config["listeners"]["main"]["timeout_ms"] = 300;
  config["plugins"]["b"] = behaviour();
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  // Half a request line, then silence: the server must close rather than hold a worker.
  const auto started = std::chrono::steady_clock::now();
  const std::string answer = HttpClient::raw(host.port("main"), "GET /items/spec", 10000);
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_LT(waited, std::chrono::seconds(9)) << "connection was held open: " << answer;
  // A body that never arrives in full is cut too, and the host keeps serving.
  HttpClient::raw(host.port("main"),
                  "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc", 10000);
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/items/special").status, 200);
  EXPECT_EQ(host.stop(), 0);
}

TEST(PipelineShutdown, SigtermLetsInFlightRequestsFinish) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["b"] = behaviour();
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  const int port = host.port("main");
  std::vector<std::future<HttpResult>> inFlight;
  for (int i = 0; i < 4; ++i)
    inFlight.push_back(std::async(
        std::launch::async, [port] { return HttpClient::send(port, "GET", "/slow?ms=700"); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(host.stop(SIGTERM), 0);
  for (auto& f : inFlight) {
    const HttpResult r = f.get();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "slept 700");
  }
  EXPECT_NE(host.log().find("received SIGTERM: shutting down"), std::string::npos);
}

// Idle connections do not hold the daemon up: one kept alive after its answer and one that
// never sent a request are closed at SIGTERM, long before their timeouts (30 s, 60 s), while a
// request in flight at the same time is still answered.
TEST(PipelineShutdown, SigtermClosesIdleConnectionsAtOnce) {
  Json config = HostProcess::baseConfig();
  config["listeners"]["main"]["keep_alive_timeout_ms"] = 30000;
  config["listeners"]["main"]["timeout_ms"] = 60000;
  config["listeners"]["main"]["header_timeout_ms"] = 60000;
  config["plugins"]["b"] = behaviour();
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  const int port = host.port("main");
  auto kept = std::async(std::launch::async, [port] {
    return HttpClient::raw(port, "GET /items/special HTTP/1.1\r\nHost: x\r\n\r\n", 20000);
  });
  auto silent = std::async(std::launch::async, [port] { return HttpClient::raw(port, "", 20000); });
  auto inFlight = std::async(std::launch::async,
                             [port] { return HttpClient::send(port, "GET", "/slow?ms=700"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(host.stop(SIGTERM), 0) << host.log();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_NE(kept.get().find("literal"), std::string::npos);
  EXPECT_EQ(silent.get(), "");
  const HttpResult slow = inFlight.get();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body, "slept 700");
}

// Keep-alive rules of the connection loop (GuardedConnection, ServerSession), which waits for
// the next request itself instead of through Poco's hasMoreRequests.
class KeepAlive : public ::testing::Test {
 protected:
  static Json config(const Json& limits) {
    Json c = HostProcess::baseConfig();
    for (const auto& [key, value] : limits.items()) c["listeners"]["main"][key] = value;
    c["plugins"]["hello"] = {{"listener", "main"}};
    return c;
  }
  static std::string get(const std::string& name, bool close = false) {
    return "GET /hello/" + name + " HTTP/1.1\r\nHost: x\r\n" +
           (close ? "Connection: close\r\n" : "") + "\r\n";
  }
  static size_t answers(const std::string& text) {
    size_t n = 0;
    for (size_t at = text.find("HTTP/1.1 200"); at != std::string::npos;
         at = text.find("HTTP/1.1 200", at + 1))
      ++n;
    return n;
  }
};

TEST_F(KeepAlive, PipelinedRequestsAreAnsweredInOrder) {
  HostProcess host(config({}));
  ASSERT_TRUE(host.start()) << host.log();
  const std::string a =
      HttpClient::raw(host.port("main"), get("one") + get("two") + get("three", true), 10000);
  EXPECT_EQ(answers(a), 3u) << a;
  EXPECT_LT(a.find("Hello, one!"), a.find("Hello, two!")) << a;
  EXPECT_LT(a.find("Hello, two!"), a.find("Hello, three!")) << a;
  EXPECT_EQ(host.stop(), 0);
}

TEST_F(KeepAlive, MaxRequestsPerConnectionEndsItAfterTheLimit) {
  HostProcess host(config({{"max_keep_alive_requests", 2}}));
  ASSERT_TRUE(host.start()) << host.log();
  const auto started = std::chrono::steady_clock::now();
  const std::string a =
      HttpClient::raw(host.port("main"), get("one") + get("two") + get("three"), 10000);
  EXPECT_EQ(answers(a), 2u) << a;
  EXPECT_EQ(a.find("Hello, three!"), std::string::npos) << a;
  // The second answer announces the end, and the server closes (raw returns before its timeout).
  EXPECT_NE(a.find("Connection: Close", a.find("Hello, one!")), std::string::npos) << a;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));
  EXPECT_EQ(host.stop(), 0);
}

TEST_F(KeepAlive, ZeroMaxRequestsMeansNoLimit) {
  HostProcess host(config({{"max_keep_alive_requests", 0}}));
  ASSERT_TRUE(host.start()) << host.log();
  std::string pipelined;
  for (int i = 0; i < 5; ++i) pipelined += get("n" + std::to_string(i));
  const std::string a = HttpClient::raw(host.port("main"), pipelined + get("last", true), 10000);
  EXPECT_EQ(answers(a), 6u) << a;
  EXPECT_EQ(host.stop(), 0);
}

TEST_F(KeepAlive, AnIdleConnectionIsClosedAfterTheKeepAliveTimeout) {
  HostProcess host(config({{"keep_alive_timeout_ms", 300}}));
  ASSERT_TRUE(host.start()) << host.log();
  const auto started = std::chrono::steady_clock::now();
  const std::string a = HttpClient::raw(host.port("main"), get("idle"), 10000);
  EXPECT_EQ(answers(a), 1u) << a;
  EXPECT_EQ(a.find("Connection: Close"), std::string::npos) << a;  // kept alive, then idle
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8))
      << "the idle connection was never closed";
  EXPECT_EQ(host.stop(), 0);
}

TEST_F(KeepAlive, OffMeansOneRequestPerConnection) {
  HostProcess host(config({{"keep_alive", false}}));
  ASSERT_TRUE(host.start()) << host.log();
  const std::string a = HttpClient::raw(host.port("main"), get("one") + get("two"), 10000);
  EXPECT_EQ(answers(a), 1u) << a;
  EXPECT_NE(a.find("Connection: Close"), std::string::npos) << a;
  EXPECT_EQ(host.stop(), 0);
}

// Generates a CA and a server certificate for 127.0.0.1 with the openssl CLI.
class Tls : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/apiary-tls-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    dir_ = templ;
    const std::string d = dir_;
    const std::string script =
        "cd " + d +
        " && "
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
        "-subj /CN=apiary-test-ca 2>/dev/null && "
        "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr "
        "-subj /CN=127.0.0.1 2>/dev/null && "
        "printf 'subjectAltName=IP:127.0.0.1\\n' > ext.cnf && "
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
        "-out server.pem -days 2 -extfile ext.cnf 2>/dev/null";
    ASSERT_EQ(std::system(script.c_str()), 0);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Json tlsConfig() const {
    Json config = HostProcess::baseConfig();
    config["listeners"]["main"] = {
        {"address", "127.0.0.1"},
        {"port", 0},
        {"tls", {{"cert", dir_ + "/server.pem"}, {"key", dir_ + "/server.key"}}}};
    config["plugins"]["hello"] = {{"listener", "main"}};
    return config;
  }

  std::string dir_;
};

TEST_F(Tls, HttpsListenerServesWithAVerifiableCertificate) {
  HostProcess host(tlsConfig());
  ASSERT_TRUE(host.start()) << host.log();
  const HttpResult r =
      HttpClient::sendTls(host.port("main"), "GET", "/hello/tls", dir_ + "/ca.pem");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"message":"Hello, tls!"})");
  EXPECT_NE(host.log().find("listening: listener=main port=" + std::to_string(host.port("main")) +
                            " tls"),
            std::string::npos);
  // Plain HTTP on the TLS port gets no HTTP answer.
  EXPECT_EQ(HttpClient::raw(host.port("main"), "GET /hello/x HTTP/1.1\r\nHost: x\r\n\r\n", 2000)
                .find("HTTP/1.1 200"),
            std::string::npos);
  EXPECT_EQ(host.stop(), 0) << host.log();
}

TEST_F(Tls, OnlyTls12AndNewerAreAccepted) {
  HostProcess host(tlsConfig());
  ASSERT_TRUE(host.start()) << host.log();
  const std::string port = std::to_string(host.port("main"));
  // s_client pins the client's protocol version; @SECLEVEL=0 lets the OpenSSL 3 client itself
  // offer TLS 1.0/1.1, so a failed handshake is the server's refusal.
  auto handshake = [&](const std::string& flags, const std::string& expectProtocol,
                       const std::string& ciphers = "DEFAULT") {
    const std::string out = dir_ + "/s_client.out";
    const std::string cmd = "echo | timeout 10 openssl s_client -connect 127.0.0.1:" + port + " " +
                            flags + " -cipher " + ciphers + "@SECLEVEL=0 > " + out + " 2>&1";
    const bool ok = std::system(cmd.c_str()) == 0;
    std::ifstream in(out);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (ok) {
      EXPECT_NE(text.find("New, " + expectProtocol + ","), std::string::npos) << text;
    } else {
      EXPECT_NE(text.find("alert"), std::string::npos) << "not refused by the server: " << text;
    }
    return ok;
  };
  EXPECT_TRUE(handshake("-tls1_3", "TLSv1.3"));
  EXPECT_TRUE(handshake("-tls1_2", "TLSv1.2"));
  EXPECT_FALSE(handshake("-tls1_1", ""));
  EXPECT_FALSE(handshake("-tls1", ""));
  // TLS 1.2 with a weak (non forward secret, CBC) suite is refused too.
  EXPECT_FALSE(handshake("-tls1_2", "", "AES128-SHA"));
  EXPECT_EQ(host.stop(), 0) << host.log();
}

// Two requests in one TLS record, the first with a body larger than the session's 4 KiB read
// buffer: after the body, the second request is already decrypted inside OpenSSL, where poll(2)
// on the descriptor cannot see it. It must be answered at once, not after an idle wait.
TEST_F(Tls, APipelinedRequestHeldByOpenSslIsAnswered) {
  Json config = tlsConfig();
  config["listeners"]["main"]["keep_alive_timeout_ms"] = 30000;
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  const std::string body(6000, 'x');
  std::ofstream(dir_ + "/requests") << "POST /hello/one/visits HTTP/1.1\r\nHost: x\r\n"
                                    << "Content-Length: " << body.size() << "\r\n\r\n"
                                    << body
                                    << "GET /hello/two HTTP/1.1\r\nHost: x\r\n"
                                       "Connection: close\r\n\r\n";
  const auto started = std::chrono::steady_clock::now();
  // -ign_eof keeps s_client reading after its input ends, until the server closes.
  const std::string cmd = "timeout 20 openssl s_client -quiet -ign_eof -connect 127.0.0.1:" +
                          std::to_string(host.port("main")) + " < " + dir_ + "/requests > " +
                          dir_ + "/answers 2>/dev/null";
  [[maybe_unused]] const int rc = std::system(cmd.c_str());
  std::ifstream in(dir_ + "/answers");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("Hello, two!"), std::string::npos) << text;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15)) << text;
  EXPECT_EQ(host.stop(), 0) << host.log();
}

TEST_F(Tls, KeyReadableByOthersOrForeignOwnedRefusesToStart) {
  std::filesystem::permissions(dir_ + "/server.key", std::filesystem::perms(0640));
  {
    HostProcess host(tlsConfig());
    ASSERT_TRUE(host.start()) << host.log();
    EXPECT_EQ(host.stop(), 0);
  }
  std::filesystem::permissions(dir_ + "/server.key", std::filesystem::perms(0644));
  HostProcess host(tlsConfig());
  EXPECT_FALSE(host.start());
  EXPECT_EQ(host.exitCode(), 1);
  EXPECT_NE(host.log().find("TLS key " + dir_ + "/server.key has mode 0644"), std::string::npos)
      << host.log();
  std::filesystem::permissions(dir_ + "/server.key", std::filesystem::perms(0600));
  ASSERT_EQ(::chown((dir_ + "/server.key").c_str(), 4321, 4321), 0);
  HostProcess foreign(tlsConfig());
  EXPECT_FALSE(foreign.start());
  EXPECT_NE(foreign.log().find("is owned by uid 4321"), std::string::npos) << foreign.log();
}

TEST_F(Tls, InsecureEnvironmentForcesPlainHttp) {
  HostProcess host(tlsConfig(), {}, {{"INSECURE", "true"}});
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/hello/plain").status, 200);
  EXPECT_EQ(host.stop(), 0);
}

TEST_F(Tls, MissingCertificateFileFailsStartupClearly) {
  Json config = tlsConfig();
  config["listeners"]["main"]["tls"]["cert"] = dir_ + "/absent.pem";
  HostProcess host(config);
  EXPECT_FALSE(host.start());
  EXPECT_EQ(host.exitCode(), 1);
  EXPECT_NE(host.log().find("listener 'main' on 127.0.0.1:0:"), std::string::npos) << host.log();
}

TEST(Admin, LivezAndReadyz) {
  HostProcess host(HostProcess::baseConfig());
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("admin"), "GET", "/livez").body, "ok\n");
  const HttpResult ready = HttpClient::send(host.port("admin"), "GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, R"({"status":"ready","plugins":[],"missing":[]})");
  EXPECT_EQ(HttpClient::send(host.port("admin"), "GET", "/nope").status, 404);
  // Poco's server counters, per listener.
  const auto verbose =
      nlohmann::json::parse(HttpClient::send(host.port("admin"), "GET", "/readyz?verbose").body);
  EXPECT_EQ(verbose["listeners"]["main"]["port"], host.port("main"));
  EXPECT_GE(verbose["listeners"]["admin"]["total_connections"].get<int>(), 2);
  EXPECT_EQ(verbose["listeners"]["main"]["refused_connections"], 0);
  EXPECT_EQ(HttpClient::send(host.port("admin"), "POST", "/livez").status, 405);
  // The listener without plugins answers in the host's envelope.
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/x").body, R"({"error":"Not found"})");
  EXPECT_EQ(host.stop(SIGINT), 0);
}

}  // namespace
}  // namespace apiary::test
