// /metrics in the Prometheus text format 0.0.4: request counts and latency histograms per
// listener, plugin, route pattern, method and status class; Poco's server gauges per listener;
// apiary_plugin_info, apiary_build_info; the plugins' own counters. Label values come from
// configuration and route patterns only, never from requests (no user data, bounded series).
#pragma once

#include "HealthState.h"
#include "ListenerContext.h"
#include "ListenerSet.h"
#include "PluginMetrics.h"

#include <string>
#include <vector>

namespace apiary {

class MetricsExporter {
 public:
  MetricsExporter(std::vector<const ListenerContext*> listeners, const ListenerSet& servers,
                  const HealthState& health, const PluginMetrics& pluginMetrics)
      : listeners_(std::move(listeners)),
        servers_(servers),
        health_(health),
        pluginMetrics_(pluginMetrics) {}

  std::string render() const;

  // Escapes a label value: backslash, double quote and line feed.
  static std::string escape(const std::string& value);

 private:
  std::vector<const ListenerContext*> listeners_;
  const ListenerSet& servers_;
  const HealthState& health_;
  const PluginMetrics& pluginMetrics_;
};

}  // namespace apiary
