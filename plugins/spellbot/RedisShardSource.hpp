// Shard heartbeats from Redis, read exactly as upstream's web process reads them: SCAN on
// "shard_status:[0-9]*:*", GET of each key and of "shard_status:metadata". Poco::Redis stays
// inside this file pair; nothing of it crosses the plugin ABI.
#pragma once

#include "ShardStatus.hpp"

#include <optional>
#include <string>
#include <vector>

namespace spellbot {

struct RedisEndpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password;
  int64_t database = 0;

  // redis://[[user]:password@]host[:port][/db]; nullopt when malformed (rediss:// unsupported).
  static std::optional<RedisEndpoint> parse(const std::string& url);
};

struct ShardSnapshot {
  std::vector<ShardStatus> shards;
  std::optional<ShardMetadata> metadata;
};

class RedisShardSource {
 public:
  RedisShardSource(RedisEndpoint endpoint, int timeoutMs)
      : endpoint_(std::move(endpoint)), timeoutMs_(timeoutMs) {}

  // Upstream turns any Redis error into "no data": so does this; error says why.
  ShardSnapshot read(std::string& error) const;
  // PING; false with error set on failure.
  bool ping(std::string& error) const;

 private:
  RedisEndpoint endpoint_;
  int timeoutMs_;
};

}  // namespace spellbot
