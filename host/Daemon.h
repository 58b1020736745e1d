// The host's lifecycle: load config -> build a Generation (load plugins in config order,
// handshake, validate, create, register routes, route tables, start) -> bind -> ready -> serve
// until a signal. SIGHUP builds the next generation beside the current one and swaps it in;
// SIGTERM/SIGINT drains and stops. Also runs the one-shot commands (plugins, routes, token,
// user, <plugin-instance>).
#pragma once

#include "AdminContext.h"
#include "CredentialStore.h"
#include "Generation.h"
#include "HealthState.h"
#include "HostConfig.h"
#include "HostServices.h"
#include "ListenerContext.h"
#include "ListenerSet.h"
#include "MetricsExporter.h"
#include "OutboundHttpClient.h"
#include "PluginLoader.h"
#include "PluginMetrics.h"
#include "StorageRegistry.h"
#include "SystemdNotifier.h"
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

  Daemon();
  ~Daemon();
  // Command mode: the host logs only warnings and errors.
  void setQuiet() { quiet_ = true; }

  // Serves until SIGTERM/SIGINT; returns the process exit code.
  int run(const Options& options);
  // `apiary <instance> <args...>`: the plugin's own command line (exit code from the plugin).
  int runPluginCommand(const std::string& configPath, const std::string& instance,
                       const std::vector<std::string>& args);
  // `apiary plugins` / `apiary routes`: what the config loads and serves, binding nothing.
  int listPlugins(const std::string& configPath);
  int listRoutes(const std::string& configPath);
  // `apiary openapi [--listener NAME]`: the document /openapi.json serves, from the config.
  int printOpenApi(const std::string& configPath, const std::vector<std::string>& args);
  // `apiary token ...` / `apiary user ...`: the credential store on the configured storage.
  int runCredentialCommand(const std::string& configPath, const std::vector<std::string>& args);

 private:
  // Loads the config and sets up the services; false on invalid config.
  bool prepare(const std::string& configPath, HostConfig& config);
  std::unique_ptr<Generation> buildGeneration(HostConfig config, bool start);
  // SIGHUP: the next generation, or the current one keeps serving (and the error is logged).
  void reload();
  void writePortFile(const std::string& path) const;
  void shutdown();

  bool quiet_ = false;
  std::string configPath_;
  SystemdNotifier notifier_;
  HealthState health_;
  // Services outlive the plugins that use them (members are destroyed in reverse order).
  std::unique_ptr<StorageRegistry> storage_;
  std::unique_ptr<TimerService> timers_;
  std::unique_ptr<OutboundHttpClient> http_;
  std::unique_ptr<CredentialStore> credentials_;
  PluginMetrics pluginMetrics_;
  HostServices services_;
  PluginLoader loader_;
  std::vector<std::unique_ptr<ListenerContext>> listeners_;
  std::unique_ptr<ListenerSet> servers_;
  std::unique_ptr<MetricsExporter> metrics_;
  std::unique_ptr<AdminContext> admin_;
  std::unique_ptr<Generation> current_;
};

}  // namespace apiary
