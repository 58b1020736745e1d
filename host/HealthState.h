// What /livez and /readyz report: readiness, the plugins serving, and optional plugins that were
// refused (with the reason). Written on the main thread, read by admin requests.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

namespace apiary {

class HealthState {
 public:
  struct PluginStatus {
    std::string name;
    std::string version;
    std::string detail;  // the refusal reason for a missing plugin
    std::string plugin;  // the library's plugin name
    std::string abi;
  };
  std::vector<PluginStatus> serving() const {
    std::lock_guard lock(mutex_);
    return serving_;
  }

  void setReady(bool ready) { ready_.store(ready); }
  bool ready() const { return ready_.load(); }
  // Replaces both lists (startup, reload).
  void setPlugins(std::vector<PluginStatus> serving, std::vector<PluginStatus> missing);

  // The /readyz body: {"status": "ready"|"not ready", "plugins": [...], "missing": [...]}.
  std::string readyzJson() const;

 private:
  std::atomic<bool> ready_{false};
  mutable std::mutex mutex_;
  std::vector<PluginStatus> serving_;
  std::vector<PluginStatus> missing_;
};

}  // namespace apiary
