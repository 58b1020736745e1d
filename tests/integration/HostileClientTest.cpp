// Hostile clients against the real daemon over raw sockets: slowloris headers and bodies,
// oversized and malformed requests, request smuggling shapes. Timing bounds here are generous
// and only prove that nothing hangs.
#include "HostProcess.h"
#include "HttpClient.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <future>
#include <thread>

namespace apiary::test {
namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

// The answer carries "Connection: close" (Poco spells the token "Close"; tokens are
// case-insensitive, RFC 9110 7.6.1).
bool announcesClose(std::string answer) {
  for (char& c : answer) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return answer.find("\r\nconnection: close\r\n") != std::string::npos;
}

Json behaviour() {
  return {{"library", HostProcess::fixtureDir() + "/libfixture-behaviour.so"},
          {"listener", "main"},
          {"config", Json{{"show_codes", true}}}};
}

int connectTo(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Sends `prefix`, then `drip` one byte every `gap` until the server closes the connection or
// `giveUp` passes; returns everything the server answered and how long it took.
struct Dripped {
  std::string answer;
  Clock::duration took{};
  bool closedByServer = false;
};
Dripped drip(int port, const std::string& prefix, const std::string& drip,
             std::chrono::milliseconds gap, std::chrono::seconds giveUp) {
  Dripped result;
  const auto started = Clock::now();
  const int fd = connectTo(port);
  if (fd < 0) return result;
  ::send(fd, prefix.data(), prefix.size(), MSG_NOSIGNAL);
  size_t next = 0;
  char buffer[4096];
  while (Clock::now() - started < giveUp) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(gap.count())) > 0) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) {
        result.closedByServer = true;
        break;
      }
      result.answer.append(buffer, static_cast<size_t>(n));
      continue;
    }
    const char byte = drip.empty() ? 'x' : drip[next++ % drip.size()];
    if (::send(fd, &byte, 1, MSG_NOSIGNAL) < 0) {
      result.closedByServer = true;
      break;
    }
  }
  result.took = Clock::now() - started;
  ::close(fd);
  return result;
}

class SlowClients : public ::testing::Test {
 protected:
  static Json config(int threads) {
    Json c = HostProcess::baseConfig();
    auto& main = c["listeners"]["main"];
    main["header_timeout_ms"] = 1500;
    main["body_timeout_ms"] = 1500;
    main["timeout_ms"] = 60000;  // per read: a byte every 300 ms never trips it
    main["threads"] = threads;
    c["plugins"]["b"] = behaviour();
    return c;
  }
};

TEST_F(SlowClients, SlowHeadersAreCutWith408WhileOthersAreServed) {
  HostProcess host(config(64));
  ASSERT_TRUE(host.start()) << host.log();
  const int port = host.port("main");
  std::vector<std::future<Dripped>> slow;
  for (int i = 0; i < 8; ++i)
    slow.push_back(std::async(std::launch::async, [port] {
      return drip(port, "GET /items/special HTTP/1.1\r\nHost: x\r\nX-Slow: ", "abcdef",
                  std::chrono::milliseconds(300), std::chrono::seconds(20));
    }));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // A normal client while the slow ones hang.
  const auto started = Clock::now();
  EXPECT_EQ(HttpClient::send(port, "GET", "/items/special").body, "literal");
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
  for (auto& f : slow) {
    const Dripped d = f.get();
    EXPECT_TRUE(d.closedByServer);
    EXPECT_LT(d.took, std::chrono::seconds(15)) << "slow client was never cut";
    EXPECT_EQ(d.answer.rfind("HTTP/1.1 408", 0), 0u) << d.answer;
  }
  EXPECT_EQ(HttpClient::send(port, "GET", "/items/special").status, 200);
  EXPECT_EQ(host.stop(), 0);
}

TEST_F(SlowClients, SlowBodiesAreCutWith408InTheRouteEnvelope) {
  HostProcess host(config(64));
  ASSERT_TRUE(host.start()) << host.log();
  const int port = host.port("main");
  auto sized = std::async(std::launch::async, [port] {
    return drip(port, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n", "a",
                std::chrono::milliseconds(300), std::chrono::seconds(20));
  });
  auto chunked = std::async(std::launch::async, [port] {
    return drip(port, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                "1\r\na\r\n", std::chrono::milliseconds(300), std::chrono::seconds(20));
  });
  for (auto* f : {&sized, &chunked}) {
    const Dripped d = f->get();
    EXPECT_LT(d.took, std::chrono::seconds(15)) << "slow body was never cut";
    EXPECT_EQ(d.answer.rfind("HTTP/1.1 408", 0), 0u) << d.answer;
    EXPECT_NE(d.answer.find(R"({"error":"Request timeout","code":"request.timeout"})"),
              std::string::npos)
        << d.answer;
  }
  EXPECT_EQ(HttpClient::send(port, "GET", "/items/special").status, 200);
  EXPECT_EQ(host.stop(), 0);
}

// More slow clients than workers: Poco queues the rest (max_queued), so a normal client waits
// until the header timeout frees a worker. It is served late, but it is served.
TEST_F(SlowClients, MoreSlowClientsThanWorkersDelayButDoNotStarveOthers) {
  HostProcess host(config(2));
  ASSERT_TRUE(host.start()) << host.log();
  const int port = host.port("main");
  std::vector<std::future<Dripped>> slow;
  for (int i = 0; i < 4; ++i)
    slow.push_back(std::async(std::launch::async, [port] {
      return drip(port, "GET /items/special HTTP/1.1\r\n", "X", std::chrono::milliseconds(300),
                  std::chrono::seconds(30));
    }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto started = Clock::now();
  const HttpResult r = HttpClient::send(port, "GET", "/items/special");
  EXPECT_EQ(r.body, "literal");
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(20));
  for (auto& f : slow) EXPECT_TRUE(f.get().closedByServer);
  EXPECT_EQ(host.stop(), 0);
}

// Past the workers and the queue, a connection is refused: closed unanswered at once (the
// listener's Acceptor hands connections to Poco's dispatcher, which counts the refusal).
TEST_F(SlowClients, BeyondWorkersAndQueueAConnectionIsRefusedAndCounted) {
  Json c = config(2);
  c["listeners"]["main"]["max_queued"] = 1;
  HostProcess host(c);
  ASSERT_TRUE(host.start()) << host.log();
  const int port = host.port("main");
  // Two silent clients hold both workers until the header budget (1.5 s) cuts them, a third
  // waits in the queue.
  std::vector<int> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(connectTo(port));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto started = Clock::now();
  const int refused = connectTo(port);
  ASSERT_GE(refused, 0);
  pollfd p{refused, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  char byte = 0;
  EXPECT_EQ(::recv(refused, &byte, 1, 0), 0) << "the refused connection was answered";
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(1000)) << "not refused at once";
  ::close(refused);
  for (const int fd : held) ::close(fd);
  const HttpResult m = HttpClient::send(host.port("admin"), "GET", "/metrics");
  EXPECT_NE(m.body.find("apiary_server_refused_connections_total{listener=\"main\"} 1"),
            std::string::npos)
      << m.body;
  EXPECT_EQ(HttpClient::send(port, "GET", "/items/special").status, 200);
  EXPECT_EQ(host.stop(), 0);
}

class Hostile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Json config = HostProcess::baseConfig();
    config["listeners"]["main"]["max_body_bytes"] = 1000;
    config["listeners"]["main"]["max_url_bytes"] = 2048;
    config["plugins"]["b"] = behaviour();
    host_ = new HostProcess(config);
    ASSERT_TRUE(host_->start()) << host_->log();
    port_ = host_->port("main");
  }
  static void TearDownTestSuite() {
    if (host_ != nullptr) {
      EXPECT_EQ(host_->stop(), 0) << host_->log();
    }
    delete host_;
    host_ = nullptr;
  }
  void TearDown() override {
    // Whatever the test sent, the host still serves.
    EXPECT_EQ(HttpClient::send(port_, "GET", "/items/special").status, 200);
  }

  // The status line of the answer to raw bytes ("" if none).
  static std::string statusOf(const std::string& bytes) {
    const std::string answer = HttpClient::raw(port_, bytes, 5000);
    return answer.substr(0, answer.find("\r\n"));
  }
  // True when the server answered with status and then closed (raw() returned before timeout).
  static std::string answer(const std::string& bytes) {
    return HttpClient::raw(port_, bytes, 5000);
  }

  static HostProcess* host_;
  static int port_;
};
HostProcess* Hostile::host_ = nullptr;
int Hostile::port_ = 0;

// A request head Poco cannot parse never reaches a route: GuardedConnection answers it in the
// host's envelope with the status that names the limit, then closes.
TEST_F(Hostile, HeaderLineBeyondPocosLimitIs431InTheHostEnvelope) {
  // Poco 1.11 caps a field value at 8192 bytes and a name at 256.
  for (const std::string& line :
       {"X-Big: " + std::string(9000, 'a'), std::string(300, 'n') + ": v"}) {
    const std::string a = answer("GET /items/special HTTP/1.1\r\nHost: x\r\n" + line + "\r\n\r\n");
    EXPECT_EQ(a.substr(0, a.find("\r\n")), "HTTP/1.1 431 Request Header Fields Too Large");
    EXPECT_TRUE(announcesClose(a)) << a;
    EXPECT_NE(a.find("Content-Type: application/json; charset=utf-8\r\n"), std::string::npos) << a;
    EXPECT_EQ(a.substr(a.find("\r\n\r\n") + 4), R"({"error":"Request header fields too large"})");
  }
}

TEST_F(Hostile, TooManyHeaderFieldsIs431) {
  std::string request = "GET /items/special HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 120; ++i) request += "X-H" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(statusOf(request + "\r\n"), "HTTP/1.1 431 Request Header Fields Too Large");
}

TEST_F(Hostile, LongUrlIs414InTheEnvelopeAndPastPocosLimit400) {
  const HttpResult r = HttpClient::send(port_, "GET", "/items/" + std::string(3000, 'a'));
  EXPECT_EQ(r.status, 414);
  EXPECT_EQ(r.body, R"({"error":"URI too long","code":"request.uri_too_long"})");
  // Past Poco's own 16 KiB limit the request line is refused before any route, in the host's
  // envelope (no mount is known yet); Poco's error does not say whether the target was too long
  // or missing (GuardedConnection::statusForUnparseableHead).
  const std::string a = answer("GET /" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(a.substr(0, a.find("\r\n")), "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(a.substr(a.find("\r\n\r\n") + 4), R"({"error":"Malformed request"})");
}

TEST_F(Hostile, UnparseableRequestLinesAre400InTheHostEnvelope) {
  for (const std::string& line :
       {std::string("GET /items/special HTTP/9.99999"), std::string("GET /items/special"),
        std::string(40, 'G') + " / HTTP/1.1"}) {
    const std::string a = answer(line + "\r\nHost: x\r\n\r\n");
    EXPECT_EQ(a.substr(0, a.find("\r\n")), "HTTP/1.1 400 Bad Request") << line;
    EXPECT_TRUE(announcesClose(a)) << a;
    EXPECT_EQ(a.substr(a.find("\r\n\r\n") + 4), R"({"error":"Malformed request"})") << line;
  }
  const std::string a = answer("GET /items/special HTTP/2.0\r\nHost: x\r\n\r\n");
  EXPECT_EQ(a.substr(0, a.find("\r\n")), "HTTP/1.1 505 HTTP Version Not Supported") << a;
  EXPECT_EQ(a.substr(a.find("\r\n\r\n") + 4), R"({"error":"HTTP version not supported"})");
}

TEST_F(Hostile, OversizedBodiesAre413EvenWhenChunkedAndTheConnectionCloses) {
  const std::string sized = answer(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a'));
  EXPECT_EQ(sized.rfind("HTTP/1.1 413", 0), 0u) << sized;
  EXPECT_TRUE(announcesClose(sized)) << sized;
  std::string chunked = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 40; ++i) chunked += "64\r\n" + std::string(100, 'b') + "\r\n";
  const std::string grown = answer(chunked + "0\r\n\r\n");
  EXPECT_EQ(grown.rfind("HTTP/1.1 413", 0), 0u) << grown;
}

TEST_F(Hostile, NulAndInvalidUtf8InTargetsAre400) {
  for (const char* target :
       {"/items/a%00b", "/items/%C3%28", "/items/%FF", "/items/a%0Ab", "/items/special?x=%00",
        "/items/special?x=%E2%82", "/items/%ED%A0%80"}) {
    const HttpResult r = HttpClient::send(port_, "GET", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_NE(r.body.find("request.malformed"), std::string::npos) << target << r.body;
  }
  // Valid UTF-8, line breaks in query values: fine.
  EXPECT_EQ(HttpClient::send(port_, "GET", "/items/%C3%A9t%C3%A9").body, "param:été");
  EXPECT_EQ(HttpClient::send(port_, "GET", "/query?x=a%0Ab").status, 200);
  // A raw NUL in the request line never reaches a route.
  static constexpr char kNulInTarget[] = "GET /items/a\0b HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_EQ(statusOf(std::string(kNulInTarget, sizeof kNulInTarget - 1)).substr(0, 12),
            "HTTP/1.1 400");
}

TEST_F(Hostile, SmugglingShapesAre400AndClose) {
  const std::string smuggled = "GET /items/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::vector<std::string> heads = {
      "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
      "Content-Length: 5\r\nContent-Length: 6\r\n",
      "Content-Length: +5\r\n",
      "Content-Length: abc\r\n",
      "Content-Length: 5x\r\n",
      "Transfer-Encoding: chunked, identity\r\n",
      "Transfer-Encoding: xchunked\r\n",
      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding : chunked\r\n",
      // Field names are case-insensitive: every check above holds whatever the spelling.
      "content-length: 5\r\nTRANSFER-ENCODING: chunked\r\n",
      "CONTENT-LENGTH: 5\r\ncontent-Length: 6\r\n",
      "transfer-encoding: chunked\r\nTransfer-encoding: chunked\r\n",
  };
  for (const std::string& head : heads) {
    const std::string a =
        answer("POST /echo HTTP/1.1\r\nHost: x\r\n" + head + "\r\n0\r\n\r\n" + smuggled);
    EXPECT_EQ(a.rfind("HTTP/1.1 400", 0), 0u) << head << a;
    EXPECT_TRUE(announcesClose(a)) << head << a;
    EXPECT_EQ(a.find("param:smuggled"), std::string::npos) << head << a;
  }
  const std::string old =
      answer("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled);
  EXPECT_EQ(old.rfind("HTTP/1.0 400", 0), 0u) << old;
  EXPECT_EQ(old.find("param:smuggled"), std::string::npos) << old;
}

// Poco 1.11 takes a malformed chunk-size line for the end of the body (the echo route sees an
// empty body), so the host closes every chunked request's connection: the bytes after the bad
// size line are never parsed as a request of their own.
TEST_F(Hostile, InvalidChunkSizeEndsTheConnectionAndNothingAfterItRuns) {
  const std::string smuggled = "GET /items/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const char* size : {"zz", "-1", "fffffffffffffffffff"}) {
    const std::string a =
        answer(std::string("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n") +
               size + "\r\nabc\r\n0\r\n\r\n" + smuggled);
    EXPECT_EQ(a.rfind("HTTP/1.1 ", 0), 0u) << size << a;
    EXPECT_EQ(a.find("HTTP/1.1 ", 1), std::string::npos) << "a second answer: " << size << a;
    EXPECT_EQ(a.find("HTTP/1.1 5"), std::string::npos) << size << a;
    EXPECT_TRUE(announcesClose(a)) << size << a;
  }
}

TEST_F(Hostile, UnreadBodyOfAnUnmatchedRouteIsNotParsedAsTheNextRequest) {
  const std::string smuggled = "GET /items/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string a = answer("POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                               std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled);
  EXPECT_EQ(a.rfind("HTTP/1.1 404", 0), 0u) << a;
  EXPECT_EQ(a.find("param:smuggled"), std::string::npos) << a;
}

}  // namespace
}  // namespace apiary::test
