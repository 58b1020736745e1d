// What the admin endpoints read: health, the listeners and their current route tables, Poco's
// counters, metrics. All references outlive the admin server; everything read is thread-safe.
#pragma once

#include "HealthState.h"
#include "ListenerContext.h"
#include "ListenerSet.h"
#include "MetricsExporter.h"
#include "OpenApiDocument.h"
#include "StorageRegistry.h"

#include <vector>

namespace apiary {

struct AdminContext {
  const HealthState& health;
  const ListenerSet& servers;
  const MetricsExporter& metrics;
  std::vector<const ListenerContext*> listeners;
  const StorageRegistry* storage = nullptr;  // /readyz probes the databases opened so far

  // The OpenAPI document of the tables serving now (onlyListener "" for all).
  nlohmann::ordered_json openApi(const std::string& onlyListener) const {
    std::vector<OpenApiDocument::Listener> list;
    const auto ports = servers.boundPorts();
    for (const ListenerContext* l : listeners) {
      const auto& c = l->config();
      const auto port = ports.count(c.name) ? ports.at(c.name) : c.port;
      list.push_back({c.name,
                      std::string(c.insecure ? "http" : "https") + "://" +
                          (c.address == "0.0.0.0" ? std::string("localhost") : c.address) + ":" +
                          std::to_string(port),
                      l->routes()});
    }
    std::map<std::string, std::string> authenticators;
    for (const auto& p : health.serving()) authenticators[p.name] = p.plugin;
    return OpenApiDocument::build(list, authenticators, onlyListener);
  }
};

}  // namespace apiary
