// The host's lifecycle: load config -> load plugins in config order -> handshake -> validate ->
// create -> register routes -> build route tables -> start -> bind -> ready -> wait for a
// signal -> stop servers -> stop plugins in reverse order.
#pragma once

#include "HealthState.h"
#include "HostConfig.h"
#include "ListenerContext.h"
#include "ListenerSet.h"
#include "AuthGate.h"
#include "CredentialStore.h"
#include "HostServices.h"
#include "Mount.h"
#include "OutboundHttpClient.h"
#include "PluginInstance.h"
#include "StorageRegistry.h"
#include "TimerService.h"

#include <memory>
#include <string>
#include <vector>

namespace apiary {

class Daemon {
 public:
  struct Options {
    std::string configPath = "/etc/apiary/apiary.json";
    bool checkOnly = false;  // validate everything, bind nothing
    std::string portFile;    // when set: JSON {"listener": port, ...} written once serving
  };

  ~Daemon();
  // Command mode: the host logs only warnings and errors.
  void setQuiet() { quiet_ = true; }
  // Returns the process exit code.
  int run(const Options& options);
  // `apiary <instance> <args...>`: the plugin's own command line (exit code from the plugin).
  int runPluginCommand(const std::string& configPath, const std::string& instance,
                       const std::vector<std::string>& args);
  // `apiary plugins` / `apiary routes`: what the config loads and serves, binding nothing.
  int listPlugins(const std::string& configPath);
  int listRoutes(const std::string& configPath);
  // `apiary token ...` / `apiary user ...`: the credential store on the configured storage.
  int runCredentialCommand(const std::string& configPath, const std::vector<std::string>& args);

 private:
  struct LoadedPlugin {
    std::unique_ptr<PluginInstance> instance;
    std::shared_ptr<Mount> mount;
  };

  // Each returns false when a required plugin was refused (startup must fail).
  bool loadAndValidate(const HostConfig& config);
  bool createAndRegister();
  bool buildRouteTables();
  bool startPlugins();
  // Logs the refusal; returns true when the plugin is optional (so startup goes on).
  bool refuse(const PluginEntryConfig& entry, const std::string& reason);
  void writePortFile(const std::string& path) const;
  // Loads the config and sets up services and listeners' contexts; false on invalid config.
  bool prepare(const std::string& configPath, HostConfig& config);
  void shutdown();

  bool quiet_ = false;
  HealthState health_;
  // Services outlive the plugins that use them (members are destroyed in reverse order).
  std::unique_ptr<StorageRegistry> storage_;
  std::unique_ptr<TimerService> timers_;
  std::unique_ptr<OutboundHttpClient> http_;
  std::unique_ptr<CredentialStore> credentials_;
  HostServices services_;
  std::shared_ptr<AuthGate> authGate_;
  std::vector<LoadedPlugin> plugins_;
  std::vector<std::unique_ptr<ListenerContext>> listeners_;
  std::unique_ptr<ListenerSet> servers_;
};

}  // namespace apiary
