// Operations through the real daemon: SIGHUP reload under load without a failed request, a
// broken reload that leaves the old configuration serving, in-flight requests across a reload,
// SIGTERM draining (readyz 503 first), and the systemd notify protocol on a real socket.
#include "HostProcess.h"
#include "HttpClient.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <future>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace apiary::test {
namespace {

using Json = nlohmann::ordered_json;
using namespace std::chrono_literals;

void rewrite(const HostProcess& host, const Json& config) {
  std::ofstream(host.configPath()) << config.dump(2) << "\n";
}

bool eventually(const std::function<bool()>& condition) {
  for (int i = 0; i < 1000 && !condition(); ++i) std::this_thread::sleep_for(10ms);
  return condition();
}

TEST(Reload, ChangingARouteConfigUnderLoadFailsNoRequest) {
  Json config = HostProcess::baseConfig();
  config["access_log"] = false;
  config["plugins"]["hello"] = {{"listener", "main"}, {"config", {{"greeting", "Hello"}}}};
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  const int port = host.port("main");

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0}, howdy{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c)
    clients.emplace_back([&] {
      while (!stop) {
        try {
          const HttpResult r = HttpClient::send(port, "GET", "/hello/load");
          if (r.status != 200) {
            ++failed;
          } else {
            ++ok;
            if (r.body == R"({"message":"Howdy, load!"})") ++howdy;
          }
        } catch (...) {
          ++failed;
        }
      }
    });
  ASSERT_TRUE(eventually([&] { return ok > 50; }));
  config["plugins"]["hello"]["config"]["greeting"] = "Howdy";
  rewrite(host, config);
  ::kill(host.pid(), SIGHUP);
  EXPECT_TRUE(eventually([&] { return howdy > 50; })) << host.log();
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(ok.load(), 100);
  EXPECT_NE(host.log().find("reloaded: 1 plugin(s) serving"), std::string::npos) << host.log();
  EXPECT_EQ(host.stop(), 0);
}

TEST(Reload, BrokenConfigKeepsTheOldOneServing) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["hello"] = {{"listener", "main"}, {"config", {{"greeting", "Hello"}}}};
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  // A plugin config the plugin rejects.
  Json bad = config;
  bad["plugins"]["hello"]["config"]["greeting"] = "";
  rewrite(host, bad);
  ::kill(host.pid(), SIGHUP);
  EXPECT_TRUE(eventually([&] {
    return host.log().find("reload failed, the previous configuration keeps serving") !=
           std::string::npos;
  })) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/hello/x").body,
            R"({"message":"Hello, x!"})");
  // Invalid JSON, and a listener change, are refused the same way.
  std::ofstream(host.configPath()) << "{ not json";
  ::kill(host.pid(), SIGHUP);
  Json moved = config;
  moved["listeners"]["main"]["threads"] = 3;
  EXPECT_TRUE(eventually([&] { return host.log().find("invalid JSON") != std::string::npos; }));
  rewrite(host, moved);
  ::kill(host.pid(), SIGHUP);
  EXPECT_TRUE(eventually([&] {
    return host.log().find("listener changes (addresses, ports, TLS, limits) need a restart") !=
           std::string::npos;
  }));
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/hello/x").status, 200);
  EXPECT_EQ(host.stop(), 0);
}

TEST(Reload, InFlightRequestFinishesOnTheOldGeneration) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["b"] = {{"library", HostProcess::fixtureDir() + "/libfixture-behaviour.so"},
                            {"listener", "main"},
                            {"config", {{"tag", "old"}}}};
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  const int port = host.port("main");
  auto slow = std::async(std::launch::async,
                         [port] { return HttpClient::send(port, "GET", "/slow?ms=800"); });
  std::this_thread::sleep_for(200ms);
  config["plugins"]["b"]["config"]["tag"] = "new";
  rewrite(host, config);
  ::kill(host.pid(), SIGHUP);
  EXPECT_TRUE(eventually([&] { return HttpClient::send(port, "GET", "/tag").body == "new"; }));
  const HttpResult r = slow.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "slept 800");
  EXPECT_EQ(host.stop(), 0);
}

TEST(Shutdown, ReadyzTurns503DuringTheDrainDelay) {
  Json config = HostProcess::baseConfig();
  config["shutdown"] = {{"drain_delay_ms", 1500}};
  config["plugins"]["hello"] = {{"listener", "main"}};
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("admin"), "GET", "/readyz").status, 200);
  ::kill(host.pid(), SIGTERM);
  EXPECT_TRUE(eventually([&] {
    try {
      return HttpClient::send(host.port("admin"), "GET", "/readyz").status == 503;
    } catch (...) {
      return false;
    }
  }));
  // Still serving requests while draining.
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/hello/x").status, 200);
  EXPECT_EQ(host.stop(SIGTERM), 0);
  EXPECT_NE(host.log().find("draining for 1500 ms"), std::string::npos);
}

// A datagram socket standing in for systemd's notify socket.
class NotifySocket {
 public:
  NotifySocket() {
    path_ = "/tmp/apiary-notify-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++);
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path_.c_str());
    ::unlink(path_.c_str());
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    timeval tv{0, 100000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }
  // Everything received so far, messages separated by "|".
  std::string drain() {
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd_, buffer, sizeof buffer, 0)) > 0;)
      received_ += std::string(buffer, static_cast<size_t>(n)) + "|";
    return received_;
  }

 private:
  static inline int counter_ = 0;
  std::string path_;
  int fd_ = -1;
  std::string received_;
};

TEST(Systemd, NotifiesReadyReloadingAndStopping) {
  NotifySocket socket;
  Json config = HostProcess::baseConfig();
  config["plugins"]["hello"] = {{"listener", "main"}};
  HostProcess host(config, {}, {{"NOTIFY_SOCKET", socket.path()}});
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_TRUE(eventually([&] {
    return socket.drain().find("READY=1\nSTATUS=1 plugin(s) serving") != std::string::npos;
  })) << socket.drain();
  ::kill(host.pid(), SIGHUP);
  EXPECT_TRUE(eventually([&] {
    const std::string got = socket.drain();
    return got.find("RELOADING=1\nMONOTONIC_USEC=") != std::string::npos &&
           got.rfind("READY=1") > got.find("RELOADING=1");
  })) << socket.drain();
  EXPECT_EQ(host.stop(), 0);
  EXPECT_NE(socket.drain().find("STOPPING=1"), std::string::npos);
}

}  // namespace
}  // namespace apiary::test
