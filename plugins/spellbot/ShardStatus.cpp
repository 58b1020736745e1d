#include "ShardStatus.hpp"

#include <algorithm>
#include <set>

namespace spellbot {
namespace {

std::optional<int64_t> intField(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return std::nullopt;
  if (it->is_number()) return it->get<int64_t>();
  if (it->is_string()) {
    try {
      size_t used = 0;
      const std::string& s = it->get_ref<const std::string&>();
      const int64_t v = std::stoll(s, &used);
      if (used == s.size()) return v;
    } catch (...) {
    }
  }
  return std::nullopt;
}

std::optional<std::string> textField(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

}  // namespace

nlohmann::ordered_json ShardStatus::toJson() const {
  nlohmann::ordered_json j;
  j["shard_id"] = shardId;
  j["latency_ms"] = latencyMs ? nlohmann::ordered_json(*latencyMs) : nlohmann::ordered_json();
  j["guild_count"] = guildCount;
  j["is_ready"] = isReady;
  j["last_updated"] = lastUpdated;
  j["version"] = version;
  return j;
}

std::optional<ShardStatus> ShardStatus::fromJson(const std::string& text) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  ShardStatus s;
  const auto id = intField(doc, "shard_id");
  if (!id) return std::nullopt;
  s.shardId = *id;
  if (auto it = doc.find("latency_ms"); it != doc.end() && it->is_number())
    s.latencyMs = it->get<double>();
  s.guildCount = intField(doc, "guild_count").value_or(0);
  if (auto it = doc.find("is_ready"); it != doc.end() && it->is_boolean())
    s.isReady = it->get<bool>();
  s.lastUpdated = textField(doc, "last_updated").value_or("");
  s.version = textField(doc, "version").value_or("unknown");
  return s;
}

std::optional<ShardMetadata> ShardMetadata::fromJson(const std::string& text) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  ShardMetadata m;
  m.version = textField(doc, "version");
  m.shardCount = intField(doc, "shard_count").value_or(0);
  m.totalGuilds = intField(doc, "total_guilds").value_or(0);
  m.lastUpdated = textField(doc, "last_updated");
  return m;
}

StatusReport StatusReport::compute(std::vector<ShardStatus> shards,
                                   std::optional<ShardMetadata> metadata) {
  StatusReport r;
  std::stable_sort(shards.begin(), shards.end(), [](const ShardStatus& a, const ShardStatus& b) {
    return a.shardId != b.shardId ? a.shardId < b.shardId : a.version < b.version;
  });
  r.total = metadata ? metadata->shardCount : 0;
  std::set<std::string> versions;
  for (const auto& s : shards) {
    if (s.isReady) ++r.ready;
    if (s.version != "unknown") versions.insert(s.version);
  }
  r.upgradeInProgress = versions.size() > 1;
  if (shards.empty())
    r.indicator = "unknown", r.description = "Status Unknown";
  else if (r.upgradeInProgress)
    r.indicator = "maintenance", r.description = "Upgrade In Progress";
  else if (r.ready == r.total)
    r.indicator = "operational", r.description = "All Systems Operational";
  else if (r.ready > 0)
    r.indicator = "degraded_performance", r.description = "Degraded Performance";
  else
    r.indicator = "major_outage", r.description = "Major Outage";
  r.shards = std::move(shards);
  r.metadata = std::move(metadata);
  return r;
}

nlohmann::ordered_json StatusReport::toJson() const {
  nlohmann::ordered_json data = nlohmann::ordered_json::array();
  for (const auto& s : shards) data.push_back(s.toJson());
  nlohmann::ordered_json j;
  j["status"] = {{"indicator", indicator}, {"description", description}};
  j["shards"] = {{"total", total}, {"ready", ready}, {"data", data}};
  j["guilds"] = metadata ? metadata->totalGuilds : 0;
  j["version"] = metadata && metadata->version ? nlohmann::ordered_json(*metadata->version)
                                                : nlohmann::ordered_json();
  j["upgrade_in_progress"] = upgradeInProgress;
  j["last_updated"] = metadata && metadata->lastUpdated
                          ? nlohmann::ordered_json(*metadata->lastUpdated)
                          : nlohmann::ordered_json();
  return j;
}

}  // namespace spellbot
