// One configuration, fully set up: the plugin instances it loaded, their mounts, the
// authenticators and one immutable route table per listener. The Daemon serves one generation;
// a reload builds the next beside it, swaps the tables atomically and retires the old one once
// its in-flight requests have drained.
#pragma once

#include "AuthGate.h"
#include "HealthState.h"
#include "HostConfig.h"
#include "HostServices.h"
#include "Mount.h"
#include "PluginInstance.h"
#include "PluginLoader.h"
#include "RouteTable.h"

#include <chrono>
#include <map>
#include <memory>
#include <vector>

namespace apiary {

class Generation {
 public:
  Generation(HostConfig config, const HostServices* services)
      : config_(std::move(config)), services_(services) {}
  ~Generation();  // stops (if started) and destroys the instances in reverse order
  Generation(const Generation&) = delete;
  Generation& operator=(const Generation&) = delete;

  // Each step logs every refusal; false when a required plugin was refused.
  bool loadAndValidate(PluginLoader& loader);
  bool createAndRegister();
  bool buildRouteTables();
  bool start();
  void stop();

  const HostConfig& config() const { return config_; }
  size_t pluginCount() const { return plugins_.size(); }
  // The table for a listener (empty when no plugin is mounted there).
  std::shared_ptr<const RouteTable> table(const std::string& listener) const;
  std::vector<HealthState::PluginStatus> serving() const;
  const std::vector<HealthState::PluginStatus>& missing() const { return missing_; }
  // For `apiary plugins`.
  std::vector<const PluginInstance*> instances() const;

  // Waits until no request holds one of this generation's tables (each request keeps a
  // reference while it runs), up to timeout. True when drained.
  bool waitForDrain(std::chrono::milliseconds timeout) const;

 private:
  struct LoadedPlugin {
    std::unique_ptr<PluginInstance> instance;
    std::shared_ptr<Mount> mount;
  };

  bool refuse(const PluginEntryConfig& entry, const std::string& reason);

  HostConfig config_;
  const HostServices* services_;
  std::vector<LoadedPlugin> plugins_;
  std::shared_ptr<AuthGate> authGate_ = std::make_shared<AuthGate>();
  std::map<std::string, std::shared_ptr<const RouteTable>> tables_;
  std::vector<HealthState::PluginStatus> missing_;
  bool started_ = false;
};

}  // namespace apiary
