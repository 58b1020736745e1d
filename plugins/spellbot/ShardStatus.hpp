// Shard heartbeats as the bot writes them (upstream src/spellbot/shard_status.py) and the
// overall indicator computed from them (compute_status), shared by every heartbeat source.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace spellbot {

struct ShardStatus {
  int64_t shardId = 0;
  std::optional<double> latencyMs;
  int64_t guildCount = 0;
  bool isReady = false;
  std::string lastUpdated;  // Python isoformat, as written
  std::string version = "unknown";

  nlohmann::ordered_json toJson() const;
  // The JSON document of a shard_status:{id}:{version} key; nullopt when unusable.
  static std::optional<ShardStatus> fromJson(const std::string& text);
};

struct ShardMetadata {
  std::optional<std::string> version;
  int64_t shardCount = 0;
  int64_t totalGuilds = 0;
  std::optional<std::string> lastUpdated;

  static std::optional<ShardMetadata> fromJson(const std::string& text);
};

struct StatusReport {
  std::string indicator;    // unknown, maintenance, operational, degraded_performance, major_outage
  std::string description;  // upstream's STATUS_DISPLAY strings
  int64_t total = 0, ready = 0;
  bool upgradeInProgress = false;
  std::vector<ShardStatus> shards;
  std::optional<ShardMetadata> metadata;

  static StatusReport compute(std::vector<ShardStatus> shards,
                              std::optional<ShardMetadata> metadata);
  nlohmann::ordered_json toJson() const;
};

}  // namespace spellbot
