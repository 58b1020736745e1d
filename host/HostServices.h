// The services the host offers plugins beyond routing (ABI 1.1): storage, timers, outbound
// HTTP. Owned by the Daemon; every plugin instance holds a pointer to the same set.
#pragma once

namespace apiary {

class CredentialStore;
class OutboundHttpClient;
class PluginMetrics;
class StorageRegistry;
class TimerService;

struct HostServices {
  StorageRegistry* storage = nullptr;
  TimerService* timers = nullptr;
  const OutboundHttpClient* http = nullptr;
  CredentialStore* credentials = nullptr;
  PluginMetrics* metrics = nullptr;
};

}  // namespace apiary
