#include "RedisShardSource.hpp"
#include "SpellbotTestSupport.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <thread>

namespace spellbot::test {
namespace {

TEST(RedisEndpointTest, ParsesUrls) {
  auto e = RedisEndpoint::parse("redis://:secret@cache.internal:6380/2");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "cache.internal");
  EXPECT_EQ(e->port, 6380);
  EXPECT_EQ(e->password, "secret");
  EXPECT_EQ(e->database, 2);
  e = RedisEndpoint::parse("redis://localhost");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->port, 6379);
  EXPECT_FALSE(RedisEndpoint::parse("rediss://x"));
  EXPECT_FALSE(RedisEndpoint::parse("redis://x:port"));
  EXPECT_FALSE(RedisEndpoint::parse("redis://"));
  EXPECT_FALSE(apiary::testing::FakeHost::validate<SpellbotPlugin>(R"({"redis_url": "http://x"})").empty());
}

// A tiny RESP server: answers SCAN, GET, PING from a fixed key space.
class FakeRedis {
 public:
  explicit FakeRedis(std::map<std::string, std::string> keys) : keys_(std::move(keys)), socket_(0) {
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeRedis() {
    stop_ = true;
    socket_.close();
    thread_.join();
  }
  int port() const { return socket_.address().port(); }

 private:
  static std::string bulk(const std::string& s) { return "$" + std::to_string(s.size()) + "\r\n" + s + "\r\n"; }
  static bool readLine(Poco::Net::StreamSocket& s, std::string& line) {
    line.clear();
    char c;
    while (s.receiveBytes(&c, 1) == 1) {
      if (c == '\n') return true;
      if (c != '\r') line += c;
    }
    return false;
  }
  void serve() {
    while (!stop_) {
      Poco::Net::StreamSocket client;
      try {
        if (!socket_.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) continue;
        client = socket_.acceptConnection();
      } catch (...) {
        return;
      }
      std::string line;
      while (readLine(client, line) && !line.empty() && line[0] == '*') {
        std::vector<std::string> args(std::stoul(line.substr(1)));
        for (auto& a : args) {
          readLine(client, line);
          readLine(client, a);
        }
        std::string reply;
        if (args[0] == "PING") {
          reply = "+PONG\r\n";
        } else if (args[0] == "SCAN") {
          reply = "*2\r\n" + bulk("0");
          std::vector<std::string> match;
          for (const auto& [k, v] : keys_)
            if (k.rfind("shard_status:", 0) == 0 && k != "shard_status:metadata") match.push_back(k);
          reply += "*" + std::to_string(match.size()) + "\r\n";
          for (const auto& k : match) reply += bulk(k);
        } else if (args[0] == "GET") {
          auto it = keys_.find(args[1]);
          reply = it == keys_.end() ? "$-1\r\n" : bulk(it->second);
        } else {
          reply = "+OK\r\n";
        }
        client.sendBytes(reply.data(), static_cast<int>(reply.size()));
      }
    }
  }

  std::map<std::string, std::string> keys_;
  Poco::Net::ServerSocket socket_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(RedisShardSourceTest, ReadsUpstreamKeys) {
  FakeRedis redis({
      {"shard_status:0:10.5.0", R"({"shard_id": 0, "latency_ms": 45.5, "guild_count": 100, "is_ready": true, "last_updated": "2026-05-08T12:00:00+00:00", "version": "10.5.0"})"},
      {"shard_status:1:10.5.0", R"({"shard_id": 1, "latency_ms": null, "guild_count": 150, "is_ready": false, "last_updated": "2026-05-08T12:00:00+00:00", "version": "10.5.0"})"},
      {"shard_status:metadata", R"({"version": "10.5.0", "shard_count": 2, "total_guilds": 250, "last_updated": "2026-05-08T12:00:00+00:00"})"},
  });
  auto host = makeHost(R"({"redis_url": "redis://127.0.0.1:)" + std::to_string(redis.port()) + R"("})");
  const Json body = parse(host.call("GET", "/status.json").body);
  EXPECT_EQ(body["status"]["indicator"], "degraded_performance");
  EXPECT_EQ(body["shards"]["total"], 2);
  EXPECT_EQ(body["shards"]["data"].size(), 2u);
  EXPECT_EQ(body["guilds"], 250);
  EXPECT_EQ(body["last_updated"], "2026-05-08T12:00:00+00:00");
  const auto health = host.call("GET", "/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(parse(health.body)["redis"]["status"], "healthy");
}

TEST(RedisShardSourceTest, UnreachableRedisMeansUnknownAndUnhealthy) {
  Poco::Net::ServerSocket closed(0);
  const int port = closed.address().port();
  closed.close();
  auto host = makeHost(R"({"redis_url": "redis://127.0.0.1:)" + std::to_string(port) +
                       R"(", "redis_timeout_ms": 200})");
  EXPECT_EQ(parse(host.call("GET", "/status.json").body)["status"]["indicator"], "unknown");
  const auto health = host.call("GET", "/health");
  EXPECT_EQ(health.status, 503);
  EXPECT_EQ(parse(health.body)["status"], "unhealthy");
  EXPECT_EQ(parse(health.body)["redis"]["status"], "unhealthy");
  EXPECT_EQ(parse(health.body)["database"]["status"], "healthy");
}

}  // namespace
}  // namespace spellbot::test
