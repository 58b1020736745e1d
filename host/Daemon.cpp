#include "Daemon.h"

#include "AdminHandlerFactory.h"
#include "ConfigLoader.h"
#include "CredentialCommands.h"
#include "HostApi.h"
#include "PluginLoader.h"
#include "PluginRefused.h"
#include "RequestPipelineFactory.h"
#include "Version.h"
#include "WebSocketHub.h"

#include <Poco/Logger.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

namespace apiary {
namespace {

Poco::Logger& logger() {
  return Poco::Logger::get("host");
}

bool environmentInsecure() {
  const char* v = std::getenv("INSECURE");
  return v != nullptr && std::string(v) == "true";  // exactly as Spectra-Server
}

}  // namespace

Daemon::Daemon() : loader_(HostApi::info()) {}

Daemon::~Daemon() {
  shutdown();
}

std::unique_ptr<Generation> Daemon::buildGeneration(HostConfig config, bool start) {
  auto generation = std::make_unique<Generation>(std::move(config), &services_);
  if (!generation->loadAndValidate(loader_)) return nullptr;
  if (!start) return generation;
  if (!generation->createAndRegister() || !generation->buildRouteTables() || !generation->start())
    return nullptr;  // destroying it stops and destroys what it had started
  return generation;
}

void Daemon::writePortFile(const std::string& path) const {
  nlohmann::json ports = servers_->boundPorts();
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << ports.dump() << "\n";
  }
  std::rename(tmp.c_str(), path.c_str());  // readers never see a half-written file
}

void Daemon::reload() {
  notifier_.reloading("reloading configuration");
  logger().information("SIGHUP: reloading " + configPath_);
  const auto keep = [&](const std::string& why) {
    logger().error("reload failed, the previous configuration keeps serving: " + why);
    notifier_.ready("reload failed: " + why);
  };
  HostConfig config;
  try {
    config = ConfigLoader::load(configPath_, environmentInsecure());
  } catch (const ConfigLoader::Invalid& e) {
    for (const auto& p : e.problems()) logger().error("config: " + p);
    return keep("invalid configuration");
  }
  const HostConfig& old = current_->config();
  if (config.listeners != old.listeners || !(config.admin == old.admin))
    return keep("listener changes (addresses, ports, TLS, limits) need a restart");
  if (config.stateDir != old.stateDir || config.storage.sqlitePath != old.storage.sqlitePath ||
      config.storage.url != old.storage.url || config.pluginDir != old.pluginDir)
    return keep("state_dir, storage and plugin_dir changes need a restart");

  auto next = buildGeneration(std::move(config), true);
  if (!next) return keep("a plugin was refused (see above)");
  // The swap: each listener's next request uses the new table; requests in flight keep the
  // old one, and the old instances are destroyed only once those have finished.
  for (auto& listener : listeners_) listener->setRoutes(next->table(listener->config().name));
  health_.setPlugins(next->serving(), next->missing());
  std::unique_ptr<Generation> previous = std::move(current_);
  current_ = std::move(next);
  if (!previous->waitForDrain(std::chrono::milliseconds(current_->config().shutdownTimeoutMs)))
    logger().warning("reload: requests on the previous configuration still running after " +
                     std::to_string(current_->config().shutdownTimeoutMs) + " ms; stopping it");
  previous.reset();
  const std::string status = std::to_string(current_->pluginCount()) + " plugin(s) serving";
  logger().information("reloaded: " + status);
  notifier_.ready(status);
}

void Daemon::shutdown() {
  health_.setReady(false);
  if (servers_) {
    servers_->stopAll(
        std::chrono::milliseconds(current_ ? current_->config().shutdownTimeoutMs : 0));
    servers_.reset();
  }
  current_.reset();  // stops the plugins in reverse order, then destroys them
  for (auto& listener : listeners_) listener->setRoutes(std::make_shared<const RouteTable>());
  if (timers_) timers_->shutdown();
}

bool Daemon::prepare(const std::string& configPath, HostConfig& config) {
  try {
    config = ConfigLoader::load(configPath, environmentInsecure());
  } catch (const ConfigLoader::Invalid& e) {
    for (const auto& p : e.problems()) logger().error("config: " + p);
    return false;
  }
  // Every logger made so far, and the root that later ones inherit from.
  int level = Poco::Logger::parseLevel(config.logLevel);
  if (quiet_) level = std::min(level, static_cast<int>(Poco::Message::PRIO_WARNING));
  Poco::Logger::setLevel("", level);
  Poco::Logger::root().setLevel(level);
  for (const auto& l : config.listeners)
    listeners_.push_back(std::make_unique<ListenerContext>(l, config.accessLog));
  storage_ = std::make_unique<StorageRegistry>(config.storage);
  timers_ = std::make_unique<TimerService>();
  WebSocketHub::shared().configure(config.websocket);
  try {
    http_ = std::make_unique<OutboundHttpClient>(config.outbound);
  } catch (const std::exception& e) {
    logger().error(std::string("outbound HTTP: ") + e.what());
    return false;
  }
  credentials_ = std::make_unique<CredentialStore>(*storage_, config.pbkdf2Iterations);
  services_ =
      HostServices{storage_.get(), timers_.get(), http_.get(), credentials_.get(), &pluginMetrics_};
  return true;
}

int Daemon::runPluginCommand(const std::string& configPath, const std::string& instance,
                             const std::vector<std::string>& args) {
  HostConfig config;
  if (!prepare(configPath, config)) return 1;
  // Only the named instance is loaded: a command must work while other plugins are broken.
  std::vector<PluginEntryConfig> only;
  for (const auto& p : config.plugins)
    if (p.name == instance) only.push_back(p);
  if (only.empty()) {
    std::cerr << "apiary: no enabled plugin instance named '" << instance << "' in " << configPath
              << "\n";
    return 2;
  }
  for (auto& p : only) p.optional = false;
  config.plugins = only;
  current_ = buildGeneration(std::move(config), false);
  if (!current_) return 1;
  PluginInstance& plugin = const_cast<PluginInstance&>(*current_->instances().front());
  const auto run = plugin.library().runCommand();
  if (run == nullptr) {
    std::cerr << "apiary: plugin '" << instance << "' has no commands\n";
    return 2;
  }
  try {
    plugin.create();
  } catch (const PluginRefused& e) {
    std::cerr << "apiary: " << instance << ": " << e.what() << "\n";
    return 1;
  }
  std::vector<apiary_str> raw;
  for (const auto& a : args) raw.push_back(apiary_str{a.data(), a.size()});
  return run(plugin.handle(), raw.data(), raw.size(), HostApi::commandOutput());
}

int Daemon::runCredentialCommand(const std::string& configPath,
                                 const std::vector<std::string>& args) {
  HostConfig config;
  if (!prepare(configPath, config)) return 1;
  CredentialCommands commands(*credentials_, config.pbkdf2Iterations, std::cin, std::cout,
                              std::cerr);
  return commands.run(args);
}

int Daemon::listPlugins(const std::string& configPath) {
  HostConfig config;
  if (!prepare(configPath, config)) return 1;
  auto generation = std::make_unique<Generation>(config, &services_);
  const bool ok = generation->loadAndValidate(loader_);
  std::cout << "instance\tplugin\tversion\tabi\tmount\tstate\tpath\n";
  for (const PluginInstance* p : generation->instances()) {
    const auto& c = p->config();
    std::cout << c.name << "\t" << p->library().name() << "\t" << p->library().version() << "\t"
              << p->library().abi() << "\t"
              << (c.listener.empty() ? "-" : c.listener + (c.prefix.empty() ? "" : " " + c.prefix))
              << "\tloadable\t" << c.library << "\n";
  }
  for (const auto& m : generation->missing())
    std::cout << m.name << "\t-\t-\t-\t-\trefused: " << m.detail << "\t-\n";
  return ok ? 0 : 1;
}

int Daemon::listRoutes(const std::string& configPath) {
  HostConfig config;
  if (!prepare(configPath, config)) return 1;
  auto generation = std::make_unique<Generation>(config, &services_);
  if (!generation->loadAndValidate(loader_) || !generation->createAndRegister() ||
      !generation->buildRouteTables())
    return 1;
  auto describe = [](const std::vector<const AccessPolicy*>& policies) {
    std::string text;
    for (const AccessPolicy* p : policies) {
      std::string one;
      for (const auto& n : p->providers) one += (one.empty() ? "" : "|") + n;
      if (!p->scopes.empty()) {
        one += " scopes=";
        for (size_t i = 0; i < p->scopes.size(); ++i) one += (i ? "," : "") + p->scopes[i];
      }
      if (p->allowAnonymous) one += " anonymous-ok";
      text += (text.empty() ? "" : "; ") + one;
    }
    return text.empty() ? std::string("open") : text;
  };
  std::cout << "listener\tmethod\tpath\tplugin\tauth\tsummary\n";
  for (const auto& listenerConfig : config.listeners)
    for (const auto& mount : generation->table(listenerConfig.name)->mounts())
      for (const auto& route : mount->routes()) {
        std::vector<const AccessPolicy*> policies;
        for (const auto& p : mount->prefixPolicies()) policies.push_back(&p.policy);
        for (const auto& p : route.policies) policies.push_back(&p);
        std::cout << listenerConfig.name << "\t" << route.method << "\t"
                  << (mount->prefix().empty() || route.pattern != "/"
                          ? mount->prefix() + route.pattern
                          : mount->prefix())
                  << "\t" << mount->owner().name() << "\t" << describe(policies) << "\t"
                  << route.summary << "\n";
      }
  return 0;
}

int Daemon::printOpenApi(const std::string& configPath, const std::vector<std::string>& args) {
  std::string only;
  if (args.size() == 3 && args[1] == "--listener") {
    only = args[2];
  } else if (args.size() != 1) {
    std::cerr << "usage: apiary [--config PATH] openapi [--listener NAME]\n";
    return 2;
  }
  HostConfig config;
  if (!prepare(configPath, config)) return 1;
  if (!only.empty() && config.findListener(only) == nullptr) {
    std::cerr << "apiary: no listener named '" << only << "'\n";
    return 2;
  }
  auto generation = std::make_unique<Generation>(config, &services_);
  if (!generation->loadAndValidate(loader_) || !generation->createAndRegister() ||
      !generation->buildRouteTables())
    return 1;
  std::vector<OpenApiDocument::Listener> list;
  for (const auto& l : config.listeners)
    list.push_back({l.name,
                    std::string(l.insecure ? "http" : "https") + "://" +
                        (l.address == "0.0.0.0" ? std::string("localhost") : l.address) + ":" +
                        std::to_string(l.port),
                    generation->table(l.name)});
  std::map<std::string, std::string> authenticators;
  for (const PluginInstance* p : generation->instances())
    authenticators[p->name()] = p->library().name();
  std::cout << OpenApiDocument::build(list, authenticators, only).dump(2) << "\n";
  return 0;
}

int Daemon::run(const Options& options) {
  HostConfig config;
  if (!prepare(options.configPath, config)) return 1;
  configPath_ = options.configPath;
  logger().information(std::string("apiary ") + kApiaryVersion + " (plugin ABI " +
                       std::to_string(APIARY_ABI_MAJOR) + "." + std::to_string(APIARY_ABI_MINOR) +
                       "), config " + options.configPath + " + " +
                       std::to_string(config.sourceFiles.size() - 1) + " conf.d file(s)");
  if (options.checkOnly) {
    auto generation = buildGeneration(config, false);
    if (!generation) return 1;
    logger().information("configuration OK: " + std::to_string(generation->pluginCount()) +
                         " plugin(s)");
    return 0;
  }
  current_ = buildGeneration(config, true);
  if (!current_) {
    shutdown();
    return 1;
  }
  servers_ = std::make_unique<ListenerSet>();
  try {
    for (auto& listener : listeners_) {
      listener->setRoutes(current_->table(listener->config().name));
      servers_->add(listener->config(), new RequestPipelineFactory(*listener));
    }
    std::vector<const ListenerContext*> contexts;
    for (const auto& l : listeners_) contexts.push_back(l.get());
    metrics_ = std::make_unique<MetricsExporter>(contexts, *servers_, health_, pluginMetrics_);
    admin_ = std::make_unique<AdminContext>(
        AdminContext{health_, *servers_, *metrics_, contexts, storage_.get()});
    servers_->add(config.admin, new AdminHandlerFactory(*admin_));
  } catch (const std::exception& e) {
    logger().error(e.what());
    shutdown();
    return 1;
  }
  health_.setPlugins(current_->serving(), current_->missing());
  servers_->startAll();
  if (!options.portFile.empty()) writePortFile(options.portFile);
  health_.setReady(true);
  const std::string status = std::to_string(current_->pluginCount()) + " plugin(s) serving";
  logger().information("ready: " + status);
  notifier_.ready(status);

  // Signals were blocked in main() before any thread started; wait for them here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  while (true) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      reload();
      continue;
    }
    logger().information(std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
                         ": shutting down");
    break;
  }
  // Drain: load balancers see /readyz fail first, then the listeners close; requests in flight
  // finish; plugins stop in reverse order.
  health_.setReady(false);
  notifier_.stopping("draining");
  const int drainMs = current_->config().drainDelayMs;
  if (drainMs > 0) {
    logger().information("draining for " + std::to_string(drainMs) + " ms");
    std::this_thread::sleep_for(std::chrono::milliseconds(drainMs));
  }
  shutdown();
  logger().information("stopped");
  return 0;
}

}  // namespace apiary
