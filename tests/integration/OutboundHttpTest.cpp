// OutboundHttpClient against fake servers in this process, on 127.0.0.1 only: a Poco HTTP and
// HTTPS server (certificate from a CA the test makes with the openssl CLI) and a raw TCP server
// for misbehaviour Poco's server cannot produce (trickled headers, a body cut short).
#include "OutboundHttpClient.h"

#include <apiary/abi.h>

#include <Poco/Net/Context.h>
#include <Poco/Net/DNS.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace apiary {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

int64_t elapsedMs(Clock::time_point since) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - since).count();
}

std::string headerOf(const OutboundResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (Poco::icompare(k, name) == 0) return v;
  return "<absent>";
}

// Sleeps in small steps so that stopping the server never waits for a long handler.
void sleepUnlessStopping(const std::atomic<bool>& stopping, int ms) {
  const auto until = Clock::now() + milliseconds(ms);
  while (!stopping && Clock::now() < until) std::this_thread::sleep_for(milliseconds(5));
}

// Routes of the fake server:
//   /echo...          200; the body as received; X-Echo-Method, X-Echo-Target and
//                     X-Got-<name> for every request header
//   /status/<code>    that status; 302 carries Location: /echo
//   /cookies          two Set-Cookie headers
//   /big?n=N          N bytes of 'x' with Content-Length; &chunked=1 without
//   /slow?ms=N        waits N ms before answering
//   /trickle?ms=N&bytes=B   Content-Length B, then one byte every N ms
class FakeHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit FakeHandler(const std::atomic<bool>& stopping, std::atomic<int>& received)
      : stopping_(stopping), received_(received) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    ++received_;
    const Poco::URI uri(request.getURI());
    const std::string path = uri.getPath();
    auto param = [&](const std::string& name, int fallback) {
      for (const auto& [k, v] : uri.getQueryParameters())
        if (k == name) return std::stoi(v);
      return fallback;
    };
    if (path == "/echo" || path.rfind("/echo/", 0) == 0) {
      std::string body;
      Poco::StreamCopier::copyToString(request.stream(), body);
      response.set("X-Echo-Method", request.getMethod());
      response.set("X-Echo-Target", request.getURI());
      for (const auto& [name, value] : request) response.add("X-Got-" + name, value);
      response.setContentLength64(static_cast<Poco::Int64>(body.size()));
      response.send() << body;
    } else if (path.rfind("/status/", 0) == 0) {
      const int code = std::stoi(path.substr(8));
      response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(code));
      if (code == 302) response.set("Location", "/echo");
      const std::string body = "status " + std::to_string(code);
      response.setContentLength64(static_cast<Poco::Int64>(body.size()));
      response.send() << body;
    } else if (path == "/cookies") {
      response.add("Set-Cookie", "a=1");
      response.add("Set-Cookie", "b=2");
      response.setContentLength64(0);
      response.send();
    } else if (path == "/big") {
      const std::string body(static_cast<size_t>(param("n", 0)), 'x');
      if (param("chunked", 0) == 1)
        response.setChunkedTransferEncoding(true);
      else
        response.setContentLength64(static_cast<Poco::Int64>(body.size()));
      response.send() << body;
    } else if (path == "/slow") {
      sleepUnlessStopping(stopping_, param("ms", 0));
      response.setContentLength64(4);
      response.send() << "slow";
    } else if (path == "/trickle") {
      const int bytes = param("bytes", 10);
      response.setContentLength64(bytes);
      std::ostream& out = response.send();
      for (int i = 0; i < bytes && out && !stopping_; ++i) {
        out << 'x' << std::flush;
        sleepUnlessStopping(stopping_, param("ms", 10));
      }
    } else {
      response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
      response.setContentLength64(0);
      response.send();
    }
  }

 private:
  const std::atomic<bool>& stopping_;
  std::atomic<int>& received_;
};

class FakeServer {
 public:
  // tls: a context with the server's certificate; null: plain HTTP.
  explicit FakeServer(Poco::Net::Context::Ptr tls = nullptr) : pool_(2, 32) {
    const Poco::Net::SocketAddress address("127.0.0.1", 0);
    Poco::Net::ServerSocket socket = tls ? Poco::Net::SecureServerSocket(address, 64, tls)
                                         : Poco::Net::ServerSocket(address, 64);
    port_ = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(32);
    params->setKeepAlive(false);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(stopping_, received_), pool_,
                                                      socket, params);
    server_->start();
  }
  ~FakeServer() {
    stopping_ = true;
    server_->stopAll(true);
    pool_.joinAll();
  }

  int port() const { return port_; }
  int requestsReceived() const { return received_; }

 private:
  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    Factory(const std::atomic<bool>& stopping, std::atomic<int>& received)
        : stopping_(stopping), received_(received) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
      return new FakeHandler(stopping_, received_);
    }

   private:
    const std::atomic<bool>& stopping_;
    std::atomic<int>& received_;
  };

  std::atomic<bool> stopping_{false};
  std::atomic<int> received_{0};
  Poco::ThreadPool pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  int port_ = 0;
};

// Accepts connections one at a time and plays a script on each: for answers no real HTTP
// server would give.
class RawServer {
 public:
  using Script = std::function<void(Poco::Net::StreamSocket&, const std::atomic<bool>& stopping)>;

  explicit RawServer(Script script)
      : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), script_(std::move(script)) {
    thread_ = std::thread([this] { run(); });
  }
  ~RawServer() {
    stopping_ = true;
    thread_.join();
  }
  int port() const { return socket_.address().port(); }

 private:
  void run() {
    while (!stopping_) {
      if (!socket_.poll(Poco::Timespan(0, 20000), Poco::Net::Socket::SELECT_READ)) continue;
      Poco::Net::StreamSocket client = socket_.acceptConnection();
      try {
        script_(client, stopping_);
      } catch (const Poco::Exception&) {
        // the client hung up: expected when it gives up on us
      }
      client.close();
    }
  }

  Poco::Net::ServerSocket socket_;
  Script script_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

void sendText(Poco::Net::StreamSocket& socket, const std::string& text) {
  socket.sendBytes(text.data(), static_cast<int>(text.size()));
}

// Reads the request head so the client is not reset while still sending.
void readRequestHead(Poco::Net::StreamSocket& socket) {
  std::string head;
  char c;
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  while (head.find("\r\n\r\n") == std::string::npos && socket.receiveBytes(&c, 1) == 1) head += c;
}

class OutboundHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // As in the daemon (main.cpp): a peer that hangs up must not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    char templ[] = "/tmp/apiary-outbound-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    dir_ = templ;
    const std::string script =
        "cd " + dir_ +
        " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
        "-subj /CN=apiary-outbound-test-ca 2>/dev/null && "
        "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr "
        "-subj /CN=127.0.0.1 2>/dev/null && "
        "printf 'subjectAltName=IP:127.0.0.1\\n' > ext.cnf && "
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
        "-out server.pem -days 2 -extfile ext.cnf 2>/dev/null";
    ASSERT_EQ(std::system(script.c_str()), 0);

    Poco::Net::Context::Params params;
    params.certificateFile = dir_ + "/server.pem";
    params.privateKeyFile = dir_ + "/server.key";
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    params.loadDefaultCAs = false;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    plain_ = new FakeServer();
    tls_ = new FakeServer(context);
  }
  static void TearDownTestSuite() {
    delete plain_;
    delete tls_;
    plain_ = tls_ = nullptr;
    std::filesystem::remove_all(dir_);
  }

  static std::string http(const std::string& target) {
    return "http://127.0.0.1:" + std::to_string(plain_->port()) + target;
  }
  static std::string https(const std::string& target) {
    return "https://127.0.0.1:" + std::to_string(tls_->port()) + target;
  }
  static OutboundSettings trustingTestCa() {
    OutboundSettings settings;
    settings.caFile = dir_ + "/ca.pem";
    return settings;
  }

  // Sends and checks that every failure comes with a reason (and success without one).
  static int32_t send(const OutboundHttpClient& client, const OutboundRequest& request,
                      OutboundResponse& response, std::string& why) {
    const int32_t code = client.send(request, response, why);
    EXPECT_EQ(why.empty(), code == APIARY_HTTP_OK) << why;
    EXPECT_EQ(why.find('\n'), std::string::npos);
    return code;
  }

  static std::string dir_;
  static FakeServer* plain_;
  static FakeServer* tls_;
};
std::string OutboundHttp::dir_;
FakeServer* OutboundHttp::plain_ = nullptr;
FakeServer* OutboundHttp::tls_ = nullptr;

TEST_F(OutboundHttp, GetSendsHeadersAndTheRawTarget) {
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  const OutboundRequest request{"GET",
                                http("/echo/a%2Fb?x=1&y=%20z#fragment"),
                                {{"X-Custom", "abc"}, {"Authorization", "Bearer t0ken"}},
                                ""};
  ASSERT_EQ(send(client, request, response, why), APIARY_HTTP_OK);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(headerOf(response, "X-Echo-Method"), "GET");
  // Sent exactly as written (no re-encoding of %2F), without the fragment.
  EXPECT_EQ(headerOf(response, "X-Echo-Target"), "/echo/a%2Fb?x=1&y=%20z");
  EXPECT_EQ(headerOf(response, "X-Got-X-Custom"), "abc");
  EXPECT_EQ(headerOf(response, "X-Got-Authorization"), "Bearer t0ken");
  EXPECT_EQ(headerOf(response, "X-Got-Host"), "127.0.0.1:" + std::to_string(plain_->port()));
  EXPECT_EQ(headerOf(response, "X-Got-User-Agent"), "apiary/0.1.0");
  EXPECT_EQ(headerOf(response, "X-Got-Connection"), "Close");
  EXPECT_EQ(headerOf(response, "X-Got-Content-Length"), "<absent>");
  EXPECT_EQ(response.body, "");
}

TEST_F(OutboundHttp, PostSendsTheBodyWithContentLength) {
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  const std::string json = R"({"amount":12.5,"currency":"EUR"})";
  OutboundRequest request{"POST", http("/echo"), {{"Content-Type", "application/json"}}, json};
  ASSERT_EQ(send(client, request, response, why), APIARY_HTTP_OK);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(headerOf(response, "X-Echo-Method"), "POST");
  EXPECT_EQ(headerOf(response, "X-Got-Content-Length"), std::to_string(json.size()));
  EXPECT_EQ(headerOf(response, "X-Got-Content-Type"), "application/json");
  EXPECT_EQ(response.body, json);

  // An empty POST still says Content-Length: 0 (some servers insist); the caller's
  // User-Agent wins over the host's.
  request = {"POST", http("/echo"), {{"User-Agent", "spectra/2"}}, ""};
  ASSERT_EQ(send(client, request, response, why), APIARY_HTTP_OK);
  EXPECT_EQ(headerOf(response, "X-Got-Content-Length"), "0");
  EXPECT_EQ(headerOf(response, "X-Got-User-Agent"), "spectra/2");

  // A large body goes through whole.
  const std::string large(300 * 1024, 'q');
  request = {"PUT", http("/echo"), {}, large};
  ASSERT_EQ(send(client, request, response, why), APIARY_HTTP_OK);
  EXPECT_EQ(headerOf(response, "X-Echo-Method"), "PUT");
  EXPECT_EQ(response.body, large);
}

TEST_F(OutboundHttp, StatusCodesPassThroughAndRedirectsAreNotFollowed) {
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  for (int code : {201, 404, 500, 503}) {
    ASSERT_EQ(send(client, {"GET", http("/status/" + std::to_string(code)), {}, ""}, response, why),
              APIARY_HTTP_OK);
    EXPECT_EQ(response.status, code);
    EXPECT_EQ(response.body, "status " + std::to_string(code));
  }
  ASSERT_EQ(send(client, {"GET", http("/status/302"), {}, ""}, response, why), APIARY_HTTP_OK);
  EXPECT_EQ(response.status, 302);
  EXPECT_EQ(headerOf(response, "Location"), "/echo");
  EXPECT_EQ(response.body, "status 302");
}

TEST_F(OutboundHttp, RepeatedResponseHeadersAreKept) {
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  ASSERT_EQ(send(client, {"GET", http("/cookies"), {}, ""}, response, why), APIARY_HTTP_OK);
  std::vector<std::string> cookies;
  for (const auto& [k, v] : response.headers)
    if (k == "Set-Cookie") cookies.push_back(v);
  EXPECT_EQ(cookies, (std::vector<std::string>{"a=1", "b=2"}));
}

TEST_F(OutboundHttp, HeadHasNoBody) {
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  ASSERT_EQ(send(client, {"HEAD", http("/big?n=50"), {}, ""}, response, why), APIARY_HTTP_OK);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(headerOf(response, "Content-Length"), "50");
  EXPECT_EQ(response.body, "");
}

TEST_F(OutboundHttp, TotalTimeoutWhileTheServerIsSilent) {
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  OutboundRequest request{"GET", http("/slow?ms=5000"), {}, ""};
  request.totalTimeoutMs = 300;
  const auto start = Clock::now();
  EXPECT_EQ(send(client, request, response, why), APIARY_HTTP_TIMEOUT);
  const int64_t took = elapsedMs(start);
  EXPECT_GE(took, 290);
  EXPECT_LT(took, 1500);
  EXPECT_EQ(why, "no complete response from 127.0.0.1:" + std::to_string(plain_->port()) +
                     " within 300 ms");
  EXPECT_EQ(response.status, 0);
}

TEST_F(OutboundHttp, TotalTimeoutWhenTheServerTricklesTheBody) {
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  // 100 bytes, one every 30 ms: 3 s in all, and never a pause long enough for a socket timeout.
  OutboundRequest request{"GET", http("/trickle?ms=30&bytes=100"), {}, ""};
  request.totalTimeoutMs = 400;
  auto start = Clock::now();
  EXPECT_EQ(send(client, request, response, why), APIARY_HTTP_TIMEOUT);
  EXPECT_LT(elapsedMs(start), 1500);
  EXPECT_EQ(response.body, "");

  // The same over TLS, where each byte is a TLS record of its own.
  OutboundHttpClient tlsClient{trustingTestCa()};
  request.url = https("/trickle?ms=30&bytes=100");
  start = Clock::now();
  EXPECT_EQ(send(tlsClient, request, response, why), APIARY_HTTP_TIMEOUT);
  EXPECT_LT(elapsedMs(start), 1500);
}

TEST_F(OutboundHttp, TotalTimeoutWhenTheServerTricklesTheHeaders) {
  // Poco reads the response head byte by byte; only the watchdog bounds this.
  RawServer server([](Poco::Net::StreamSocket& socket, const std::atomic<bool>& stopping) {
    readRequestHead(socket);
    sendText(socket, "HTTP/1.1 200 OK\r\n");
    for (int i = 0; i < 200 && !stopping; ++i) {
      sendText(socket, "X");
      sleepUnlessStopping(stopping, 20);
    }
  });
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  OutboundRequest request{"GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/", {}, ""};
  request.totalTimeoutMs = 400;
  const auto start = Clock::now();
  EXPECT_EQ(send(client, request, response, why), APIARY_HTTP_TIMEOUT);
  const int64_t took = elapsedMs(start);
  EXPECT_GE(took, 390);
  EXPECT_LT(took, 1500);
  EXPECT_EQ(why, "no complete response from 127.0.0.1:" + std::to_string(server.port()) +
                     " within 400 ms");
}

TEST_F(OutboundHttp, BodyCutShortIsANetworkError) {
  RawServer server([](Poco::Net::StreamSocket& socket, const std::atomic<bool>&) {
    readRequestHead(socket);
    sendText(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten..");
  });
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  EXPECT_EQ(send(client, {"GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/", {}, ""},
                 response, why),
            APIARY_HTTP_NETWORK);
  EXPECT_NE(why.find("closed after 10 of 100 body bytes"), std::string::npos) << why;
  EXPECT_EQ(response.body, "");
}

TEST_F(OutboundHttp, GarbageInsteadOfHttpIsANetworkError) {
  RawServer server([](Poco::Net::StreamSocket& socket, const std::atomic<bool>&) {
    readRequestHead(socket);
    sendText(socket, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
  });
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  EXPECT_EQ(send(client, {"GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/", {}, ""},
                 response, why),
            APIARY_HTTP_NETWORK);
}

TEST_F(OutboundHttp, ClosedPortIsRefused) {
  int port;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = probe.address().port();
  }  // closed again: nothing listens there now
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  EXPECT_EQ(send(client, {"GET", "http://127.0.0.1:" + std::to_string(port) + "/x", {}, ""},
                 response, why),
            APIARY_HTTP_REFUSED);
  EXPECT_EQ(why, "connection refused by 127.0.0.1:" + std::to_string(port));
}

TEST_F(OutboundHttp, ResponseSizeLimit) {
  OutboundSettings settings;
  settings.maxResponseBytes = 1000;
  OutboundHttpClient client{settings};
  OutboundResponse response;
  std::string why;
  // Exactly at the limit: fine.
  ASSERT_EQ(send(client, {"GET", http("/big?n=1000"), {}, ""}, response, why), APIARY_HTTP_OK);
  EXPECT_EQ(response.body.size(), 1000u);
  // Over it, announced by Content-Length or found while reading a chunked body.
  EXPECT_EQ(send(client, {"GET", http("/big?n=1001"), {}, ""}, response, why),
            APIARY_HTTP_TOO_LARGE);
  EXPECT_EQ(
      why, "the response from 127.0.0.1:" + std::to_string(plain_->port()) + " exceeds 1000 bytes");
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(send(client, {"GET", http("/big?n=5000000&chunked=1"), {}, ""}, response, why),
            APIARY_HTTP_TOO_LARGE);
  // The request's own limit overrides the setting.
  OutboundRequest request{"GET", http("/big?n=5000&chunked=1"), {}, ""};
  request.maxResponseBytes = 5000;
  ASSERT_EQ(send(client, request, response, why), APIARY_HTTP_OK);
  EXPECT_EQ(response.body, std::string(5000, 'x'));
  request.maxResponseBytes = 4999;
  EXPECT_EQ(send(client, request, response, why), APIARY_HTTP_TOO_LARGE);
  EXPECT_EQ(
      why, "the response from 127.0.0.1:" + std::to_string(plain_->port()) + " exceeds 4999 bytes");
}

TEST_F(OutboundHttp, HttpsWithTheConfiguredCa) {
  OutboundHttpClient client{trustingTestCa()};
  OutboundResponse response;
  std::string why;
  ASSERT_EQ(send(client, {"POST", https("/echo?q=1"), {{"X-Custom", "tls"}}, "secret body"},
                 response, why),
            APIARY_HTTP_OK)
      << why;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(headerOf(response, "X-Echo-Target"), "/echo?q=1");
  EXPECT_EQ(headerOf(response, "X-Got-X-Custom"), "tls");
  EXPECT_EQ(headerOf(response, "X-Got-Host"), "127.0.0.1:" + std::to_string(tls_->port()));
  EXPECT_EQ(response.body, "secret body");
}

TEST_F(OutboundHttp, HttpsWithAnUntrustedCaFailsAsTls) {
  // The system store does not know the test CA.
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  EXPECT_EQ(send(client, {"GET", https("/echo"), {}, ""}, response, why), APIARY_HTTP_TLS);
  EXPECT_EQ(why.rfind("TLS with 127.0.0.1:" + std::to_string(tls_->port()) + " failed: ", 0), 0u)
      << why;
  EXPECT_NE(why.find("certificate verify failed"), std::string::npos) << why;
  EXPECT_EQ(response.status, 0);
}

TEST_F(OutboundHttp, HttpsWithAWrongHostNameFailsAsTls) {
  // The certificate names only IP 127.0.0.1; "localhost" is a different name.
  const Poco::Net::HostEntry localhost = Poco::Net::DNS::hostByName("localhost");
  bool ipv4Loopback = false;
  for (const auto& a : localhost.addresses())
    ipv4Loopback = ipv4Loopback || a.toString() == "127.0.0.1";
  if (!ipv4Loopback) GTEST_SKIP() << "localhost does not resolve to 127.0.0.1 here";
  OutboundHttpClient client{trustingTestCa()};
  OutboundResponse response;
  std::string why;
  EXPECT_EQ(
      send(client, {"GET", "https://localhost:" + std::to_string(tls_->port()) + "/echo", {}, ""},
           response, why),
      APIARY_HTTP_TLS);
  EXPECT_NE(why.find("Unacceptable certificate from localhost"), std::string::npos) << why;
}

TEST_F(OutboundHttp, PlainHttpToATlsPortIsANetworkError) {
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  OutboundRequest request{"GET", "http://127.0.0.1:" + std::to_string(tls_->port()) + "/", {}, ""};
  request.totalTimeoutMs = 3000;
  EXPECT_EQ(send(client, request, response, why), APIARY_HTTP_NETWORK);
}

TEST_F(OutboundHttp, MissingCaFileFailsConstruction) {
  OutboundSettings settings;
  settings.caFile = dir_ + "/absent.pem";
  try {
    OutboundHttpClient client{settings};
    FAIL() << "constructed with a missing CA file";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot load the CA file '" + settings.caFile + "'", 0),
              0u)
        << e.what();
  }
}

TEST_F(OutboundHttp, InvalidRequestsAreRefusedBeforeAnyConnection) {
  OutboundHttpClient client{OutboundSettings{}};
  OutboundResponse response;
  std::string why;
  const int before = plain_->requestsReceived();
  struct Case {
    OutboundRequest request;
    std::string why;
  };
  const std::vector<Case> cases = {
      {{"GET", "ftp://127.0.0.1/file", {}, ""},
       "unsupported URL scheme 'ftp' (only http and https)"},
      {{"GET", "/relative/path", {}, ""}, "the URL must be absolute (http:// or https://)"},
      {{"GET", "http:/127.0.0.1/x", {}, ""}, "the URL must be absolute (http:// or https://)"},
      {{"GET", "http://", {}, ""}, "the URL has no host"},
      {{"GET", "not a url", {}, ""},
       "the URL contains a space, a control or a non-ASCII character (percent-encode it)"},
      {{"GET", http("/echo x"), {}, ""},
       "the URL contains a space, a control or a non-ASCII character (percent-encode it)"},
      {{"GET", http("/echo\r\nX-Evil: 1"), {}, ""},
       "the URL contains a space, a control or a non-ASCII character (percent-encode it)"},
      {{"GET", "http://127.0.0.1:99999/", {}, ""}, "malformed URL"},
      {{"GET", "http://127.0.0.1:0/", {}, ""}, "malformed URL"},
      {{"GET", "http://user:pw@127.0.0.1/", {}, ""},
       "credentials in the URL are not supported (send an Authorization header)"},
      {{"get", http("/echo"), {}, ""},
       "unsupported method (use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS)"},
      {{"CONNECT", http("/echo"), {}, ""},
       "unsupported method (use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS)"},
      {{"", http("/echo"), {}, ""},
       "unsupported method (use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS)"},
      {{"GET", http("/echo"), {{"X-Ok", "1"}, {"X-Bad\r\nX-Evil", "1"}}, ""},
       "header #2 has an invalid name"},
      {{"GET", http("/echo"), {{"", "1"}}, ""}, "header #1 has an invalid name"},
      {{"GET", http("/echo"), {{"X-Token", "s3cret\r\nX-Evil: 1"}}, ""},
       "the value of header X-Token contains CR, LF or NUL"},
      {{"GET", http("/echo"), {{"X-Token", "s3cret\n"}}, ""},
       "the value of header X-Token contains CR, LF or NUL"},
      {{"POST", http("/echo"), {{"content-length", "3"}}, "abc"},
       "header content-length is set by the host from the body"},
      {{"POST", http("/echo"), {{"Transfer-Encoding", "chunked"}}, "abc"},
       "header Transfer-Encoding is set by the host from the body"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(send(client, c.request, response, why), APIARY_HTTP_INVALID) << c.request.url;
    EXPECT_EQ(why, c.why) << c.request.method << " " << c.request.url;
    EXPECT_EQ(why.find("s3cret"), std::string::npos);
  }
  EXPECT_EQ(plain_->requestsReceived(), before);
}

TEST_F(OutboundHttp, ConcurrentCallsFromManyThreads) {
  OutboundHttpClient plain{OutboundSettings{}};
  OutboundHttpClient tls{trustingTestCa()};
  constexpr int kThreads = 8, kCallsPerThread = 20;
  std::atomic<int> matched{0};
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        const bool overTls = (t + i) % 4 == 0;
        const std::string body = "thread " + std::to_string(t) + " call " + std::to_string(i);
        const OutboundRequest request{
            "POST", overTls ? https("/echo") : http("/echo"), {{"X-Call", body}}, body};
        OutboundResponse response;
        std::string why;
        const int32_t code = (overTls ? tls : plain).send(request, response, why);
        if (code == APIARY_HTTP_OK && response.status == 200 && response.body == body &&
            headerOf(response, "X-Got-X-Call") == body)
          ++matched;
        else
          failures[t] += " [" + std::to_string(code) + " " + why + "]";
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(matched, kThreads * kCallsPerThread);
  for (const auto& f : failures) EXPECT_EQ(f, "");
}

}  // namespace
}  // namespace apiary
