#include "HealthState.h"

#include <nlohmann/json.hpp>

namespace apiary {

void HealthState::setPlugins(std::vector<PluginStatus> serving,
                             std::vector<PluginStatus> missing) {
  std::lock_guard lock(mutex_);
  serving_ = std::move(serving);
  missing_ = std::move(missing);
}

std::string HealthState::readyzJson() const {
  nlohmann::ordered_json doc;
  doc["status"] = ready() ? "ready" : "not ready";
  doc["plugins"] = nlohmann::ordered_json::array();
  doc["missing"] = nlohmann::ordered_json::array();
  std::lock_guard lock(mutex_);
  for (const auto& p : serving_)
    doc["plugins"].push_back({{"name", p.name}, {"version", p.version}});
  for (const auto& p : missing_) doc["missing"].push_back({{"name", p.name}, {"reason", p.detail}});
  return doc.dump();
}

}  // namespace apiary
