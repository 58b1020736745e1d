#include "MetricsExporter.h"

#include "PluginInstance.h"
#include "Version.h"

#include <apiary/abi.h>

#include <map>
#include <sstream>

namespace apiary {
namespace {

std::string number(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

void header(std::ostringstream& out, const std::string& name, const std::string& type,
            const std::string& help) {
  std::string text;  // HELP escapes backslash and line feed
  for (char c : help) text += c == '\\' ? "\\\\" : c == '\n' ? "\\n" : std::string(1, c);
  out << "# HELP " << name << " " << text << "\n# TYPE " << name << " " << type << "\n";
}

}  // namespace

std::string MetricsExporter::escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string MetricsExporter::render() const {
  std::ostringstream out;
  struct Series {
    std::string labels;  // without braces
    const RouteStats* stats;
  };
  std::vector<Series> series;
  std::vector<std::shared_ptr<const RouteTable>> keepAlive;  // tables outlive the rendering
  for (const ListenerContext* listener : listeners_) {
    auto table = listener->routes();
    keepAlive.push_back(table);
    const std::string l = "listener=\"" + escape(listener->config().name) + "\"";
    for (const auto& mount : table->mounts()) {
      const std::string p = ",plugin=\"" + escape(mount->owner().name()) + "\"";
      for (const auto& route : mount->routes()) {
        const std::string pattern =
            (!mount->prefix().empty() && route.pattern == "/") ? mount->prefix()
                                                               : mount->prefix() + route.pattern;
        series.push_back({l + p + ",route=\"" + escape(pattern) + "\",method=\"" +
                              escape(route.method) + "\"",
                          route.stats.get()});
      }
      series.push_back({l + p + ",route=\"unmatched\",method=\"\"", &mount->unmatchedStats()});
    }
  }

  header(out, "apiary_http_requests_total", "counter",
         "Requests answered, by listener, plugin, route pattern, method and status class.");
  for (const auto& s : series)
    for (int cls = 1; cls <= 5; ++cls)
      if (const uint64_t n = s.stats->count(cls); n > 0 || cls == 2)
        out << "apiary_http_requests_total{" << s.labels << ",code=\"" << cls << "xx\"} " << n
            << "\n";

  header(out, "apiary_http_request_duration_seconds", "histogram",
         "Time from reading the request to sending the response.");
  for (const auto& s : series) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < RouteStats::kBuckets.size(); ++i) {
      cumulative += s.stats->bucket(i);
      out << "apiary_http_request_duration_seconds_bucket{" << s.labels << ",le=\""
          << number(RouteStats::kBuckets[i]) << "\"} " << cumulative << "\n";
    }
    cumulative += s.stats->bucket(RouteStats::kBuckets.size());
    out << "apiary_http_request_duration_seconds_bucket{" << s.labels << ",le=\"+Inf\"} "
        << cumulative << "\n";
    out << "apiary_http_request_duration_seconds_sum{" << s.labels << "} "
        << number(s.stats->sumSeconds()) << "\n";
    out << "apiary_http_request_duration_seconds_count{" << s.labels << "} " << cumulative
        << "\n";
  }

  // Poco's HTTPServer counters (thread-per-connection: threads busy = connections served).
  const auto ports = servers_.boundPorts();
  const std::pair<const char*, const char*> gauges[] = {
      {"apiary_server_threads", "Worker threads currently serving connections."},
      {"apiary_server_connections", "Connections currently open."},
      {"apiary_server_queued_connections", "Accepted connections waiting for a worker."},
      {"apiary_server_max_concurrent_connections", "Most connections open at once so far."}};
  for (const auto& [name, help] : gauges) {
    header(out, name, "gauge", help);
    for (const auto& [listener, port] : ports) {
      const ListenerSet::Counters c = servers_.counters(listener);
      const std::string n = name;
      const int v = n == "apiary_server_threads"       ? c.currentThreads
                    : n == "apiary_server_connections" ? c.currentConnections
                    : n == "apiary_server_queued_connections" ? c.queuedConnections
                                                              : c.maxConcurrentConnections;
      out << name << "{listener=\"" << escape(listener) << "\"} " << v << "\n";
    }
  }
  header(out, "apiary_server_refused_connections_total", "counter",
         "Connections closed at once because the queue was full.");
  for (const auto& [listener, port] : ports)
    out << "apiary_server_refused_connections_total{listener=\"" << escape(listener) << "\"} "
        << servers_.counters(listener).refusedConnections << "\n";
  header(out, "apiary_server_connections_total", "counter", "Connections accepted.");
  for (const auto& [listener, port] : ports)
    out << "apiary_server_connections_total{listener=\"" << escape(listener) << "\"} "
        << servers_.counters(listener).totalConnections << "\n";

  header(out, "apiary_plugin_info", "gauge", "The plugin instances serving, with their versions.");
  for (const auto& p : health_.serving())
    out << "apiary_plugin_info{instance=\"" << escape(p.name) << "\",plugin=\"" << escape(p.plugin)
        << "\",version=\"" << escape(p.version) << "\",abi=\"" << escape(p.abi) << "\"} 1\n";
  header(out, "apiary_build_info", "gauge", "The host's version and plugin ABI.");
  out << "apiary_build_info{version=\"" << kApiaryVersion << "\",abi=\"" << APIARY_ABI_MAJOR << "."
      << APIARY_ABI_MINOR << "\"} 1\n";
  header(out, "apiary_ready", "gauge", "1 when /readyz answers 200.");
  out << "apiary_ready " << (health_.ready() ? 1 : 0) << "\n";

  // Plugin counters, grouped by name (one HELP/TYPE per metric family).
  std::map<std::string, std::vector<PluginMetrics::Sample>> families;
  for (auto& s : pluginMetrics_.snapshot()) families[s.name].push_back(s);
  for (const auto& [name, samples] : families) {
    header(out, name, "counter", samples.front().help.empty() ? "Plugin-defined counter." : samples.front().help);
    for (const auto& s : samples)
      out << name << "{plugin=\"" << escape(s.instance) << "\"} " << number(s.value) << "\n";
  }
  return out.str();
}

}  // namespace apiary
