#include "ConfigLoader.h"

#include "SqlBackend.h"

#include <apiary/config.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace apiary {
namespace {

namespace fs = std::filesystem;
using Ordered = nlohmann::ordered_json;

const std::string kLogLevels[] = {"trace", "debug", "information", "notice", "warning", "error"};

Ordered readFile(const fs::path& file, std::vector<std::string>& problems) {
  std::ifstream in(file);
  if (!in) {
    problems.push_back(file.string() + ": cannot read file");
    return Ordered::object();
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    Ordered doc = Ordered::parse(text.str());
    if (!doc.is_object()) {
      problems.push_back(file.string() + ": top level must be a JSON object");
      return Ordered::object();
    }
    return doc;
  } catch (const nlohmann::json::exception& e) {
    problems.push_back(file.string() + ": invalid JSON: " + e.what());
    return Ordered::object();
  }
}

// Objects merge key by key (later files win on scalars and arrays); keys keep first-seen order,
// which is the order plugins load in.
void mergeInto(Ordered& base, const Ordered& overlay) {
  for (auto it = overlay.begin(); it != overlay.end(); ++it) {
    if (base.contains(it.key()) && base[it.key()].is_object() && it.value().is_object())
      mergeInto(base[it.key()], it.value());
    else
      base[it.key()] = it.value();
  }
}

// Converts to the SDK's reader (which uses nlohmann::json) and prefixes its error paths.
class Section {
 public:
  Section(const Ordered& node, std::string path, std::vector<std::string>& problems)
      : reader_(ConfigReader::parse(node.dump())), path_(std::move(path)), problems_(problems) {}
  ConfigReader& operator*() { return reader_; }
  ConfigReader* operator->() { return &reader_; }
  ~Section() {
    for (const auto& e : reader_.finish()) problems_.push_back(path_ + e.path + ": " + e.message);
  }

 private:
  ConfigReader reader_;
  std::string path_;
  std::vector<std::string>& problems_;
};

ServerLimits readLimits(ConfigReader& r, ServerLimits d) {
  d.threads = static_cast<int>(r.integer("threads", d.threads, 1, 4096));
  d.maxQueued = static_cast<int>(r.integer("max_queued", d.maxQueued, 1, 65536));
  d.keepAlive = r.boolean("keep_alive", d.keepAlive);
  d.keepAliveTimeoutMs =
      static_cast<int>(r.integer("keep_alive_timeout_ms", d.keepAliveTimeoutMs, 1, 3600000));
  d.maxKeepAliveRequests =
      static_cast<int>(r.integer("max_keep_alive_requests", d.maxKeepAliveRequests, 0, 1 << 30));
  d.timeoutMs = static_cast<int>(r.integer("timeout_ms", d.timeoutMs, 1, 3600000));
  d.headerTimeoutMs =
      static_cast<int>(r.integer("header_timeout_ms", d.headerTimeoutMs, 100, 3600000));
  d.bodyTimeoutMs = static_cast<int>(r.integer("body_timeout_ms", d.bodyTimeoutMs, 100, 3600000));
  d.maxHeaderBytes = r.integer("max_header_bytes", d.maxHeaderBytes, 256, 1 << 20);
  d.maxBodyBytes = r.integer("max_body_bytes", d.maxBodyBytes, 0, int64_t{1} << 32);
  d.maxUrlBytes = r.integer("max_url_bytes", d.maxUrlBytes, 256, 16384);
  return d;
}

ListenerConfig readListener(const std::string& name, ConfigReader& r, bool environmentInsecure) {
  ListenerConfig l;
  l.name = name;
  l.address = r.string("address", l.address);
  l.port = static_cast<int>(r.integer("port", 0, 0, 65535));
  l.insecure = r.boolean("insecure", false) || environmentInsecure;
  ConfigReader tls = r.object("tls");
  l.tlsCert = tls.string("cert", "");
  l.tlsKey = tls.string("key", "");
  // Environment overrides, so a deployment configured by environment (Spectra-Server's
  // SERVER_CERT / SERVER_KEY) moves over unchanged: {"cert_env": "SERVER_CERT", ...}.
  for (auto [key, target] : {std::pair{"cert_env", &l.tlsCert}, std::pair{"key_env", &l.tlsKey}}) {
    const std::string var = tls.string(key, "");
    if (const char* value = var.empty() ? nullptr : std::getenv(var.c_str()); value && *value)
      *target = value;
  }
  if (!l.insecure && (l.tlsCert.empty() || l.tlsKey.empty()))
    r.fail("tls", "HTTPS needs tls.cert and tls.key (or \"insecure\": true, or INSECURE=true)");
  l.limits = readLimits(r, l.limits);
  return l;
}

// {"prefix": "/api"} or {"route": "POST /api/x"}, plus providers, scopes, allow_anonymous,
// throttle_failures.
void readPolicy(const nlohmann::json& node, const std::string& path, PluginEntryConfig& pc,
                std::vector<std::string>& problems) {
  if (!node.is_object()) {
    problems.push_back(path + ": expected an object");
    return;
  }
  Section r(Ordered::parse(node.dump()), path, problems);
  AccessPolicy policy;
  policy.providers = r->stringList("providers");
  policy.scopes = r->stringList("scopes");
  policy.allowAnonymous = r->boolean("allow_anonymous", false);
  policy.throttleFailures = static_cast<int>(r->integer("throttle_failures", 0, 0, 1000000));
  const std::string prefix = r->string("prefix", "");
  const std::string route = r->string("route", "");
  if (prefix.empty() == route.empty()) {
    r->fail("", "needs exactly one of \"prefix\" and \"route\"");
    return;
  }
  if (!prefix.empty()) {
    if (prefix.front() != '/') r->fail("prefix", "must start with '/'");
    std::string p = prefix;
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    pc.prefixPolicies.push_back({p, policy});
  } else {
    const size_t space = route.find(' ');
    if (space == std::string::npos || route.find('/') != space + 1)
      r->fail("route", "must be \"METHOD /pattern\"");
    else
      pc.routePolicies.push_back({route.substr(0, space), route.substr(space + 1), policy});
  }
}

std::string normalizePrefix(const std::string& prefix, ConfigReader& r) {
  std::string p = prefix;
  while (!p.empty() && p.back() == '/') p.pop_back();
  if (p.empty()) return "";  // "", "/", "//": the root
  if (p.front() != '/' || p.find_first_of("{}?#") != std::string::npos) {
    r.fail("prefix", "must start with '/' and contain no '{', '}', '?' or '#'");
    return "";
  }
  return p;
}

}  // namespace

ConfigLoader::Invalid::Invalid(const std::vector<std::string>& problems)
    : std::runtime_error([&] {
        std::string all = "invalid configuration:";
        for (const auto& p : problems) all += "\n  " + p;
        return all;
      }()),
      problems_(problems) {}

HostConfig ConfigLoader::load(const std::string& path, bool environmentInsecure) {
  std::vector<std::string> problems;
  HostConfig config;
  const fs::path mainFile(path);
  Ordered merged = readFile(mainFile, problems);
  config.sourceFiles.push_back(mainFile.string());

  const fs::path confDir = mainFile.parent_path() / "conf.d";
  std::error_code ec;
  if (fs::is_directory(confDir, ec)) {
    std::vector<fs::path> parts;
    for (const auto& entry : fs::directory_iterator(confDir, ec))
      if (entry.path().extension() == ".json") parts.push_back(entry.path());
    std::sort(parts.begin(), parts.end());
    for (const auto& part : parts) {
      mergeInto(merged, readFile(part, problems));
      config.sourceFiles.push_back(part.string());
    }
  }
  if (!problems.empty()) throw Invalid(problems);
  // Relative paths in the config are relative to the main file's directory, not to the
  // working directory, so a config tree can be moved as a whole.
  const fs::path base = fs::absolute(mainFile).parent_path();
  auto resolve = [&](const std::string& p) {
    return p.empty() || fs::path(p).is_absolute() ? p : (base / p).lexically_normal().string();
  };

  {
    // Top-level scalars; listeners and plugins are read below in their own order.
    Ordered scalars = merged;
    scalars.erase("listeners");
    scalars.erase("plugins");
    scalars.erase("admin");
    scalars.erase("storage");
    scalars.erase("outbound");
    scalars.erase("websocket");
    scalars.erase("auth");
    scalars.erase("shutdown");
    Section top(scalars, "", problems);
    config.pluginDir = resolve(top->string("plugin_dir", config.pluginDir));
    config.stateDir = resolve(top->string("state_dir", config.stateDir));
    config.logLevel = top->string("log_level", config.logLevel);
    if (std::find(std::begin(kLogLevels), std::end(kLogLevels), config.logLevel) ==
        std::end(kLogLevels))
      top->fail("log_level", "must be one of trace, debug, information, notice, warning, error");
    config.accessLog = top->boolean("access_log", config.accessLog);
  }

  {
    const Ordered storage = merged.value("storage", Ordered::object());
    if (!storage.is_object()) problems.push_back("/storage: expected an object");
    Section r(storage.is_object() ? storage : Ordered::object(), "/storage", problems);
    StorageSettings& st = config.storage;
    const std::string file = r->string("sqlite", "apiary.db");
    st.sqlitePath = fs::path(file).is_absolute()
                        ? file
                        : (fs::path(config.stateDir) / file).lexically_normal().string();
    st.poolSize = static_cast<int>(r->integer("pool_size", st.poolSize, 1, 1024));
    st.busyTimeoutMs = static_cast<int>(r->integer("busy_timeout_ms", st.busyTimeoutMs, 0, 600000));
    st.acquireTimeoutMs =
        static_cast<int>(r->integer("acquire_timeout_ms", st.acquireTimeoutMs, 1, 600000));
    // PostgreSQL shared by several instances: storage.url (postgresql://...) replaces sqlite.
    st.url = r->string("url", "");
    if (!st.url.empty() && !SqlBackend::isPostgresUrl(st.url))
      r->fail("url", "must be a postgresql:// URL (SQLite files go in storage.sqlite)");
    st.connectTimeoutMs =
        static_cast<int>(r->integer("connect_timeout_ms", st.connectTimeoutMs, 1000, 600000));
    st.statementTimeoutMs =
        static_cast<int>(r->integer("statement_timeout_ms", st.statementTimeoutMs, 0, 3600000));
  }

  {
    const Ordered shutdown = merged.value("shutdown", Ordered::object());
    if (!shutdown.is_object()) problems.push_back("/shutdown: expected an object");
    Section r(shutdown.is_object() ? shutdown : Ordered::object(), "/shutdown", problems);
    config.drainDelayMs = static_cast<int>(r->integer("drain_delay_ms", 0, 0, 600000));
    config.shutdownTimeoutMs =
        static_cast<int>(r->integer("timeout_ms", config.shutdownTimeoutMs, 0, 3600000));
  }

  {
    const Ordered auth = merged.value("auth", Ordered::object());
    if (!auth.is_object()) problems.push_back("/auth: expected an object");
    Section r(auth.is_object() ? auth : Ordered::object(), "/auth", problems);
    config.pbkdf2Iterations =
        static_cast<int>(r->integer("pbkdf2_iterations", config.pbkdf2Iterations, 1000, 10000000));
  }

  {
    const Ordered outbound = merged.value("outbound", Ordered::object());
    if (!outbound.is_object()) problems.push_back("/outbound: expected an object");
    Section r(outbound.is_object() ? outbound : Ordered::object(), "/outbound", problems);
    OutboundSettings& o = config.outbound;
    o.caFile = resolve(r->string("ca_file", ""));
    o.connectTimeoutMs = r->integer("connect_timeout_ms", o.connectTimeoutMs, 1, 600000);
    o.totalTimeoutMs = r->integer("total_timeout_ms", o.totalTimeoutMs, 1, 3600000);
    o.maxResponseBytes = r->integer("max_response_bytes", o.maxResponseBytes, 1, int64_t{1} << 32);
  }

  {
    const Ordered websocket = merged.value("websocket", Ordered::object());
    if (!websocket.is_object()) problems.push_back("/websocket: expected an object");
    Section r(websocket.is_object() ? websocket : Ordered::object(), "/websocket", problems);
    WebSocketSettings& w = config.websocket;
    auto ms = [&](const char* key, int& value) {
      value = static_cast<int>(r->integer(key, value, 100, 3600000));
    };
    w.maxMessageBytes = r->integer("max_message_bytes", w.maxMessageBytes, 125, int64_t{1} << 30);
    w.maxConnections =
        static_cast<int>(r->integer("max_connections", w.maxConnections, 1, 1000000));
    ms("ping_interval_ms", w.pingIntervalMs);
    ms("pong_timeout_ms", w.pongTimeoutMs);
    ms("send_timeout_ms", w.sendTimeoutMs);
    ms("frame_timeout_ms", w.frameTimeoutMs);
  }

  {
    const Ordered admin = merged.value("admin", Ordered::object());
    if (!admin.is_object()) problems.push_back("/admin: expected an object");
    Section r(admin.is_object() ? admin : Ordered::object(), "/admin", problems);
    config.admin.name = "admin";
    config.admin.address = r->string("address", "127.0.0.1");
    config.admin.port = static_cast<int>(r->integer("port", 9180, 0, 65535));
    config.admin.insecure = true;  // loopback by default; put a TLS proxy in front if exposed
    config.admin.limits.threads = 4;
    config.admin.limits.maxQueued = 64;
  }

  const Ordered listeners = merged.value("listeners", Ordered::object());
  if (!listeners.is_object())
    problems.push_back("/listeners: expected an object");
  else
    for (auto it = listeners.begin(); it != listeners.end(); ++it) {
      const std::string p = "/listeners/" + ConfigReader::escape(it.key());
      if (!it.value().is_object()) {
        problems.push_back(p + ": expected an object");
        continue;
      }
      Section r(it.value(), p, problems);
      ListenerConfig listener = readListener(it.key(), *r, environmentInsecure);
      listener.tlsCert = resolve(listener.tlsCert);
      listener.tlsKey = resolve(listener.tlsKey);
      config.listeners.push_back(std::move(listener));
    }

  const Ordered plugins = merged.value("plugins", Ordered::object());
  if (!plugins.is_object())
    problems.push_back("/plugins: expected an object");
  else
    for (auto it = plugins.begin(); it != plugins.end(); ++it) {
      const std::string p = "/plugins/" + ConfigReader::escape(it.key());
      if (!it.value().is_object()) {
        problems.push_back(p + ": expected an object");
        continue;
      }
      // Command words of `apiary <word> ...` cannot name an instance.
      for (const char* reserved : {"plugins", "routes", "openapi", "token", "user"})
        if (it.key() == reserved)
          problems.push_back(p + ": '" + it.key() +
                             "' is reserved for a command; pick another name");
      // The plugin's own section is validated by the plugin, not here.
      Ordered entry = it.value();
      const Ordered section = entry.value("config", Ordered::object());
      entry.erase("config");
      Section r(entry, p, problems);
      if (!section.is_object()) r->fail("config", "expected an object");
      const bool enabled = r->boolean("enabled", true);
      PluginEntryConfig pc;
      pc.name = it.key();
      const std::string library = r->string("library", it.key());
      pc.library = library.find('/') != std::string::npos
                       ? resolve(library)
                       : (fs::path(config.pluginDir) / ("lib" + library + ".so")).string();
      pc.optional = r->boolean("optional", false);
      pc.listener = r->string("listener", "");
      const nlohmann::json policies = r->raw("policies");
      if (!policies.is_null() && !policies.is_array()) r->fail("policies", "expected an array");
      for (size_t i = 0; policies.is_array() && i < policies.size(); ++i)
        readPolicy(policies[i], p + "/policies/" + std::to_string(i), pc, problems);
      pc.prefix = normalizePrefix(r->string("prefix", ""), *r);
      if (r->has("max_body_bytes"))
        pc.maxBodyBytes = r->integer("max_body_bytes", 0, 0, int64_t{1} << 32);
      pc.configJson = section.dump();
      pc.logLevel = r->string("log_level", "");
      if (!pc.logLevel.empty() && std::find(std::begin(kLogLevels), std::end(kLogLevels),
                                            pc.logLevel) == std::end(kLogLevels))
        r->fail("log_level", "must be one of trace, debug, information, notice, warning, error");
      // A database of its own: a SQLite file, relative to state_dir, or a postgresql:// URL.
      if (const std::string db = r->string("database", ""); !db.empty())
        pc.database = SqlBackend::isPostgresUrl(db) || fs::path(db).is_absolute()
                          ? db
                          : (fs::path(config.stateDir) / db).lexically_normal().string();
      if (!pc.listener.empty() && config.findListener(pc.listener) == nullptr)
        r->fail("listener", "no listener named '" + pc.listener + "'");
      if (enabled) config.plugins.push_back(std::move(pc));
    }

  // Two listeners may not share an address and port (port 0 is always free to share).
  for (size_t i = 0; i < config.listeners.size(); ++i)
    for (size_t j = i + 1; j < config.listeners.size(); ++j) {
      const auto& a = config.listeners[i];
      const auto& b = config.listeners[j];
      if (a.port != 0 && a.port == b.port && a.address == b.address)
        problems.push_back("/listeners/" + b.name + "/port: same address and port as '" + a.name +
                           "'");
    }

  if (!problems.empty()) throw Invalid(problems);
  return config;
}

}  // namespace apiary
