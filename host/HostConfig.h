// The validated host configuration: listeners, admin listener and the enabled plugins.
#pragma once

#include "AccessPolicy.h"
#include "OutboundSettings.h"
#include "StorageSettings.h"
#include "WebSocketSettings.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace apiary {

// Poco HTTPServer parameters and request limits of one listener.
struct ServerLimits {
  int threads = 1024;                  // worker pool; one per open connection (ListenerSet.cpp)
  int maxQueued = 256;                 // accepted connections waiting for a worker
  bool keepAlive = true;
  int keepAliveTimeoutMs = 5000;       // an idle keep-alive connection holds a worker this long
  int maxKeepAliveRequests = 1000;
  int timeoutMs = 30000;               // socket send/receive timeout: slow clients are cut
  int headerTimeoutMs = 20000;         // whole request line + headers (slowloris); 408
  int bodyTimeoutMs = 60000;           // whole request body; 408
  int64_t maxHeaderBytes = 16384;      // sum of header names and values; 431 beyond
  int64_t maxBodyBytes = 1024 * 1024;  // 413 beyond
  int64_t maxUrlBytes = 8192;          // request target; 414 beyond (Poco: 400 past 16384)

  bool operator==(const ServerLimits&) const = default;
};

struct ListenerConfig {
  std::string name;
  std::string address = "0.0.0.0";
  int port = 0;
  bool insecure = false;
  std::string tlsCert;  // PEM file paths; required unless insecure
  std::string tlsKey;
  ServerLimits limits;

  bool operator==(const ListenerConfig&) const = default;
};

struct PluginEntryConfig {
  std::string name;     // instance name: the key in "plugins"
  std::string library;  // resolved path of the shared library
  bool optional = false;
  std::string listener;  // empty: serves no routes (an authenticator)
  std::string prefix;                   // "" or "/something", no trailing slash
  std::optional<int64_t> maxBodyBytes;  // overrides the listener's limit for this mount
  std::string configJson = "{}";        // the plugin's own section, validated by the plugin
  std::string database;                 // own SQLite file (resolved); empty: the shared one
  std::string logLevel;                 // this instance's logger; empty: the host's level
  // The operator's policies: they only ever add requirements to the plugin's own.
  std::vector<PrefixPolicy> prefixPolicies;
  std::vector<RoutePolicy> routePolicies;
};

struct HostConfig {
  std::string pluginDir = "/usr/lib/apiary/plugins";
  std::string stateDir = "/var/lib/apiary";
  std::string logLevel = "information";
  bool accessLog = true;
  StorageSettings storage;
  int pbkdf2Iterations = 120000;  // password hashing cost in the credential store
  int drainDelayMs = 0;           // SIGTERM: /readyz answers 503 this long before closing
  int shutdownTimeoutMs = 30000;  // SIGTERM and reload: longest wait for in-flight requests
  OutboundSettings outbound;
  WebSocketSettings websocket;
  ListenerConfig admin;
  std::vector<ListenerConfig> listeners;  // in config order
  std::vector<PluginEntryConfig> plugins;  // enabled plugins, in config order
  std::vector<std::string> sourceFiles;   // files that were merged, for logs

  const ListenerConfig* findListener(const std::string& name) const {
    for (const auto& l : listeners)
      if (l.name == name) return &l;
    return nullptr;
  }
};

}  // namespace apiary
