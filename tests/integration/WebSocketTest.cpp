// WebSocket routes through the real daemon and a real client (Poco's WebSocket, port 0): echo,
// binary, ping/pong both ways, the size limit (1009), fragments, close codes chosen by the
// plugin and by the host, many connections on a listener with few workers, sends from other
// threads, and abrupt disconnects (on_close exactly once).
#include "HostProcess.h"
#include "HttpClient.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/WebSocket.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

namespace apiary::test {
namespace {

using Json = nlohmann::ordered_json;
using Poco::Net::WebSocket;

constexpr int kFin = WebSocket::FRAME_FLAG_FIN;

struct Frame {
  int opcode = 0;
  std::string payload;
  int closeCode() const {
    return payload.size() >= 2 ? (static_cast<unsigned char>(payload[0]) << 8) |
                                     static_cast<unsigned char>(payload[1])
                               : 0;
  }
};

class WebSockets : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Json config = HostProcess::baseConfig();
    // Few workers: open WebSockets must not hold them (the hub's thread serves them).
    config["listeners"]["main"]["threads"] = 4;
    config["websocket"] = {
        {"max_message_bytes", 1000}, {"ping_interval_ms", 300}, {"pong_timeout_ms", 700}};
    config["plugins"]["ws"] = {{"library", HostProcess::fixtureDir() + "/libfixture-websocket.so"},
                               {"listener", "main"}};
    host_ = new HostProcess(config);
    ASSERT_TRUE(host_->start()) << host_->log();
    port_ = host_->port("main");
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }

  static std::unique_ptr<WebSocket> connect(const std::string& path = "/ws") {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::HTTPResponse response;
    auto ws = std::make_unique<WebSocket>(session, request, response);
    ws->setReceiveTimeout(Poco::Timespan(10, 0));
    return ws;
  }

  // The next frame that is not a ping (pings are answered, as a browser does).
  static Frame next(WebSocket& ws, bool answerPings = true) {
    for (;;) {
      Poco::Buffer<char> buffer(0);
      int flags = 0;
      const int n = ws.receiveFrame(buffer, flags);
      Frame f{flags & WebSocket::FRAME_OP_BITMASK, std::string(buffer.begin(), std::max(n, 0))};
      if (n == 0 && flags == 0) return Frame{-1, ""};  // connection closed
      if (f.opcode == WebSocket::FRAME_OP_PING) {
        if (answerPings)
          ws.sendFrame(f.payload.data(), static_cast<int>(f.payload.size()),
                       kFin | WebSocket::FRAME_OP_PONG);
        continue;
      }
      return f;
    }
  }

  static void sendText(WebSocket& ws, const std::string& text) {
    ws.sendFrame(text.data(), static_cast<int>(text.size()), kFin | WebSocket::FRAME_OP_TEXT);
  }

  static Json stats() { return Json::parse(HttpClient::send(port_, "GET", "/stats").body); }

  // Polls the plugin's counters until done says so (the close callbacks run asynchronously).
  template <class Pred>
  static Json waitStats(Pred done) {
    Json s;
    for (int i = 0; i < 200; ++i) {
      s = stats();
      if (done(s)) return s;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return s;
  }

  static inline HostProcess* host_ = nullptr;
  static inline int port_ = 0;
};

TEST_F(WebSockets, EchoesTextAndBinary) {
  auto ws = connect();
  sendText(*ws, "hello");
  Frame f = next(*ws);
  EXPECT_EQ(f.opcode, WebSocket::FRAME_OP_TEXT);
  EXPECT_EQ(f.payload, "hello");
  const std::string binary("\x00\x01\xff\x80", 4);
  ws->sendFrame(binary.data(), 4, kFin | WebSocket::FRAME_OP_BINARY);
  f = next(*ws);
  EXPECT_EQ(f.opcode, WebSocket::FRAME_OP_BINARY);
  EXPECT_EQ(f.payload, binary);
  ws->shutdown(1000, "done");
  f = next(*ws);
  EXPECT_EQ(f.opcode, WebSocket::FRAME_OP_CLOSE);
  EXPECT_EQ(f.closeCode(), 1000);
}

TEST_F(WebSockets, ReassemblesFragmentsAndAnswersPings) {
  auto ws = connect();
  const std::string a(300, 'a'), b(300, 'b');
  ws->sendFrame(a.data(), 300, WebSocket::FRAME_OP_TEXT);  // no FIN: first fragment
  ws->sendFrame("p", 1, kFin | WebSocket::FRAME_OP_PING);  // control frame in between
  ws->sendFrame(b.data(), 300, kFin | WebSocket::FRAME_OP_CONT);
  Frame f = next(*ws);
  EXPECT_EQ(f.opcode, WebSocket::FRAME_OP_PONG);
  EXPECT_EQ(f.payload, "p");
  f = next(*ws);
  EXPECT_EQ(f.opcode, WebSocket::FRAME_OP_TEXT);
  EXPECT_EQ(f.payload, a + b);
}

TEST_F(WebSockets, HostPingsAndClosesWithoutPong) {
  auto ws = connect();
  // Read without answering: the host pings (300 ms) and gives up 700 ms later with 1001.
  Poco::Buffer<char> buffer(0);
  int flags = 0;
  ws->receiveFrame(buffer, flags);
  EXPECT_EQ(flags & WebSocket::FRAME_OP_BITMASK, WebSocket::FRAME_OP_PING);
  const Frame f = next(*ws, false);
  EXPECT_EQ(f.opcode, WebSocket::FRAME_OP_CLOSE);
  EXPECT_EQ(f.closeCode(), 1001);
}

TEST_F(WebSockets, AnsweredPingsKeepTheConnection) {
  auto ws = connect();
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
  while (std::chrono::steady_clock::now() < until) {
    sendText(*ws, "still here");
    EXPECT_EQ(next(*ws).payload, "still here");  // answers the pings in between
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

TEST_F(WebSockets, OversizedFrameAndMessageClose1009) {
  {
    auto ws = connect();
    const std::string big(2000, 'x');
    sendText(*ws, big);
    const Frame f = next(*ws);
    EXPECT_EQ(f.opcode, WebSocket::FRAME_OP_CLOSE);
    EXPECT_EQ(f.closeCode(), 1009);
  }
  {
    auto ws = connect();
    const std::string part(400, 'y');
    ws->sendFrame(part.data(), 400, WebSocket::FRAME_OP_TEXT);
    ws->sendFrame(part.data(), 400, WebSocket::FRAME_OP_CONT);
    ws->sendFrame(part.data(), 400, kFin | WebSocket::FRAME_OP_CONT);
    const Frame f = next(*ws);
    EXPECT_EQ(f.opcode, WebSocket::FRAME_OP_CLOSE);
    EXPECT_EQ(f.closeCode(), 1009);
  }
}

TEST_F(WebSockets, CloseCodes) {
  struct Case {
    std::string path, send;
    int opcode, code;
  };
  const std::vector<Case> cases = {
      {"/ws", "close:4001", WebSocket::FRAME_OP_TEXT, 4001},  // the plugin's own code
      {"/ws", "fail", WebSocket::FRAME_OP_TEXT, 1011},        // on_message failed
      {"/ws", "\xc3\x28", WebSocket::FRAME_OP_TEXT, 1007},    // invalid UTF-8
      {"/ws-text", "bin", WebSocket::FRAME_OP_BINARY, 1003},  // binary not accepted
      {"/ws", "x", 0x3, 1002},                                // reserved opcode
      {"/ws", "cont", WebSocket::FRAME_OP_CONT, 1002},        // continuation of nothing
  };
  for (const Case& c : cases) {
    auto ws = connect(c.path);
    ws->sendFrame(c.send.data(), static_cast<int>(c.send.size()), kFin | c.opcode);
    const Frame f = next(*ws);
    EXPECT_EQ(f.opcode, WebSocket::FRAME_OP_CLOSE) << c.path << " " << c.send;
    EXPECT_EQ(f.closeCode(), c.code) << c.path << " " << c.send;
    ws->shutdown(static_cast<Poco::UInt16>(c.code), "");
  }
  const Json s = waitStats([](const Json& s) {
    for (int code : s["codes"])
      if (code == 4001) return true;
    return false;
  });
  bool sawPluginCode = false;
  for (int code : s["codes"]) sawPluginCode = sawPluginCode || code == 4001;
  EXPECT_TRUE(sawPluginCode) << s.dump();
}

TEST_F(WebSockets, RefusalsArePlainHttpInThePluginsEnvelope) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/ws?refuse=401",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  Poco::Net::HTTPResponse response;
  EXPECT_THROW(WebSocket(session, request, response), Poco::Net::WebSocketException);
  EXPECT_EQ(response.getStatus(), 401);

  EXPECT_EQ(HttpClient::send(port_, "GET", "/ws").status, 426);  // no plain handler
  const auto plain = HttpClient::send(port_, "GET", "/ws-both");
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, "plain");
  auto ws = connect("/ws-both");  // the same path upgrades too
  sendText(*ws, "both");
  EXPECT_EQ(next(*ws).payload, "both");
}

TEST_F(WebSockets, ManyConnectionsOnFourWorkers) {
  std::vector<std::unique_ptr<WebSocket>> sockets;
  for (int i = 0; i < 150; ++i) sockets.push_back(connect());
  for (size_t i = 0; i < sockets.size(); ++i) sendText(*sockets[i], "n" + std::to_string(i));
  for (size_t i = 0; i < sockets.size(); ++i)
    EXPECT_EQ(next(*sockets[i]).payload, "n" + std::to_string(i));
  EXPECT_EQ(HttpClient::send(port_, "GET", "/stats").status, 200);  // workers are free
}

TEST_F(WebSockets, SendsFromTimerAndOtherThreads) {
  auto ws = connect();
  sendText(*ws, "subscribe");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(next(*ws).payload, "tick");
  auto other = connect();
  sendText(*other, "burst:200");
  for (int i = 0; i < 200; ++i) ASSERT_EQ(next(*other).payload, "b" + std::to_string(i));
}

TEST_F(WebSockets, AbruptDisconnectsCloseOnceWith1006) {
  const int before = stats()["closed"];
  std::vector<std::unique_ptr<WebSocket>> sockets;
  for (int i = 0; i < 20; ++i) sockets.push_back(connect());
  for (auto& ws : sockets) {
    sendText(*ws, "subscribe");  // the timer keeps writing to it while it vanishes
    ws->close();                 // TCP close, no close frame
  }
  const Json s = waitStats([&](const Json& s) {
    return s["closed"].get<int>() >= before + 20 && s["opened"] == s["closed"];
  });
  EXPECT_EQ(s["opened"], s["closed"]) << s.dump();
  EXPECT_EQ(s["most_closes"], 1) << s.dump();
  int abnormal = 0;
  for (int code : s["codes"]) abnormal += code == 1006 ? 1 : 0;
  EXPECT_GE(abnormal, 20) << s.dump();
}

TEST(WebSocketShutdown, StoppingTheDaemonClosesWith1001) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["ws"] = {{"library", HostProcess::fixtureDir() + "/libfixture-websocket.so"},
                             {"listener", "main"}};
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(host.port("main")));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/ws",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  Poco::Net::HTTPResponse response;
  WebSocket ws(session, request, response);
  ws.setReceiveTimeout(Poco::Timespan(10, 0));
  std::thread stopper([&] { host.stop(); });
  Poco::Buffer<char> buffer(0);
  int flags = 0;
  ws.receiveFrame(buffer, flags);
  stopper.join();
  EXPECT_EQ(flags & WebSocket::FRAME_OP_BITMASK, WebSocket::FRAME_OP_CLOSE);
  ASSERT_GE(buffer.size(), 2u);
  EXPECT_EQ((static_cast<unsigned char>(buffer[0]) << 8) | static_cast<unsigned char>(buffer[1]),
            1001);
}

}  // namespace
}  // namespace apiary::test
