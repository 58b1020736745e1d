#include "Daemon.h"

#include "AdminHandlerFactory.h"
#include "ConfigLoader.h"
#include "CredentialCommands.h"
#include "HostApi.h"
#include "PluginLoader.h"
#include "PluginRefused.h"
#include "RequestPipelineFactory.h"
#include "Version.h"

#include <Poco/Logger.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

namespace apiary {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("host"); }

bool environmentInsecure() {
  const char* v = std::getenv("INSECURE");
  return v != nullptr && std::string(v) == "true";  // exactly as Spectra-Server
}

}  // namespace

Daemon::~Daemon() { shutdown(); }

bool Daemon::refuse(const PluginEntryConfig& entry, const std::string& reason) {
  const std::string line =
      "plugin '" + entry.name + "' (" + entry.library + ") refused: " + reason;
  if (entry.optional) {
    logger().warning(line + " [optional: serving without it]");
    health_.addMissing({entry.name, "", reason});
    return true;
  }
  logger().error(line);
  return false;
}

bool Daemon::loadAndValidate(const HostConfig& config) {
  PluginLoader loader(HostApi::info());
  for (const auto& entry : config.plugins) {
    try {
      auto library = loader.load(entry.library);
      logger().information("loaded plugin '" + entry.name + "': name=" + library->name() +
                           " version=" + library->version() + " abi=" + library->abi() +
                           " path=" + library->path());
      auto instance = std::make_unique<PluginInstance>(library, entry, &services_);
      instance->validateConfig();
      plugins_.push_back({std::move(instance), nullptr});
    } catch (const PluginRefused& e) {
      if (!refuse(entry, e.what())) return false;
    }
  }
  return true;
}

bool Daemon::createAndRegister() {
  authGate_ = std::make_shared<AuthGate>();
  for (auto it = plugins_.begin(); it != plugins_.end();) {
    try {
      const PluginEntryConfig& entry = it->instance->config();
      const bool servesRoutes = (it->instance->library().descriptor().kind & APIARY_KIND_ROUTES) != 0;
      if (servesRoutes && entry.listener.empty())
        throw PluginRefused("serves routes but names no \"listener\"");
      if (!servesRoutes && (!entry.prefixPolicies.empty() || !entry.routePolicies.empty()))
        throw PluginRefused("has policies but serves no routes");
      it->instance->create();
      if (it->instance->isAuthenticator()) authGate_->addAuthenticator(entry.name, it->instance.get());
      if (!entry.listener.empty()) {
        it->mount = std::make_shared<Mount>(it->instance.get(), entry.listener, entry.prefix,
                                            entry.maxBodyBytes.value_or(-1));
        it->instance->registerRoutes(*it->mount);
        std::string why;
        if (!it->mount->freeze(&why)) throw PluginRefused("route registration failed: " + why);
        for (const auto& p : entry.prefixPolicies) it->mount->addPrefixPolicy(p);
        for (const auto& p : entry.routePolicies)
          if (!it->mount->addRoutePolicy(p))
            throw PluginRefused("policy for unknown route " + p.method + " " + p.pattern);
      }
      ++it;
    } catch (const PluginRefused& e) {
      if (!refuse(it->instance->config(), e.what())) return false;
      it = plugins_.erase(it);  // destroys the instance
    }
  }
  return true;
}

bool Daemon::buildRouteTables() {
  std::map<std::string, std::shared_ptr<RouteTable>> tables;
  for (auto it = plugins_.begin(); it != plugins_.end();) {
    if (!it->mount) {  // an authenticator without routes
      ++it;
      continue;
    }
    auto& table = tables[it->mount->listener()];
    if (!table) {
      table = std::make_shared<RouteTable>();
      table->setAuthGate(authGate_);
    }
    try {
      for (const auto& provider : it->mount->providersNamed())
        if (!authGate_->hasAuthenticator(provider))
          throw std::runtime_error("a policy names the authenticator '" + provider +
                                   "', which is not a configured (and loaded) authenticator");
      table->add(it->mount);
      ++it;
    } catch (const std::runtime_error& e) {
      if (!refuse(it->instance->config(), e.what())) return false;
      it = plugins_.erase(it);
    }
  }
  for (auto& listener : listeners_) {
    auto found = tables.find(listener->config().name);
    listener->setRoutes(found != tables.end() ? found->second
                                              : std::make_shared<const RouteTable>());
  }
  return true;
}

bool Daemon::startPlugins() {
  bool dropped = false;
  for (auto it = plugins_.begin(); it != plugins_.end();) {
    try {
      it->instance->start();
      ++it;
    } catch (const PluginRefused& e) {
      if (!refuse(it->instance->config(), e.what())) return false;
      it = plugins_.erase(it);
      dropped = true;
    }
  }
  return !dropped || buildRouteTables();  // a dropped optional plugin leaves the tables
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

void Daemon::shutdown() {
  health_.setReady(false);
  if (servers_) {
    servers_->stopAll(std::chrono::seconds(30));
    servers_.reset();
  }
  for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) it->instance->stop();
  for (auto& listener : listeners_) listener->setRoutes(std::make_shared<const RouteTable>());
  while (!plugins_.empty()) plugins_.pop_back();  // destroy in reverse order
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
  try {
    http_ = std::make_unique<OutboundHttpClient>(config.outbound);
  } catch (const std::exception& e) {
    logger().error(std::string("outbound HTTP: ") + e.what());
    return false;
  }
  credentials_ = std::make_unique<CredentialStore>(*storage_, config.pbkdf2Iterations);
  services_ = HostServices{storage_.get(), timers_.get(), http_.get(), credentials_.get()};
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
    std::cerr << "apiary: no enabled plugin instance named '" << instance << "' in "
              << configPath << "\n";
    return 2;
  }
  for (auto& p : only) p.optional = false;
  config.plugins = only;
  if (!loadAndValidate(config)) return 1;
  PluginInstance& plugin = *plugins_.front().instance;
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
  const bool ok = loadAndValidate(config);
  for (const auto& p : plugins_) {
    const auto& c = p.instance->config();
    std::cout << c.name << "\t" << p.instance->library().name() << " "
              << p.instance->library().version() << "\tabi " << p.instance->library().abi()
              << "\t" << (c.listener.empty() ? "-" : c.listener + (c.prefix.empty() ? "" : " " + c.prefix))
              << "\t" << c.library << "\n";
  }
  return ok ? 0 : 1;
}

int Daemon::listRoutes(const std::string& configPath) {
  HostConfig config;
  if (!prepare(configPath, config)) return 1;
  if (!loadAndValidate(config) || !createAndRegister() || !buildRouteTables()) return 1;
  for (const auto& listener : listeners_)
    for (const auto& mount : listener->routes()->mounts())
      for (const auto& route : mount->routes())
        std::cout << listener->config().name << "\t" << route.method << "\t" << mount->prefix()
                  << route.pattern << "\t" << mount->owner().name() << "\t" << route.summary
                  << "\n";
  return 0;
}

int Daemon::run(const Options& options) {
  HostConfig config;
  if (!prepare(options.configPath, config)) return 1;
  logger().information(std::string("apiary ") + kApiaryVersion + " (plugin ABI " +
                       std::to_string(APIARY_ABI_MAJOR) + "." + std::to_string(APIARY_ABI_MINOR) +
                       "), config " + options.configPath + " + " +
                       std::to_string(config.sourceFiles.size() - 1) + " conf.d file(s)");

  if (!loadAndValidate(config)) return 1;
  if (options.checkOnly) {
    logger().information("configuration OK: " + std::to_string(plugins_.size()) + " plugin(s)");
    return 0;
  }
  if (!createAndRegister() || !buildRouteTables() || !startPlugins()) {
    shutdown();
    return 1;
  }

  servers_ = std::make_unique<ListenerSet>();
  try {
    for (auto& listener : listeners_)
      servers_->add(listener->config(), new RequestPipelineFactory(*listener));
    servers_->add(config.admin, new AdminHandlerFactory(health_, *servers_));
  } catch (const std::exception& e) {
    logger().error(e.what());
    shutdown();
    return 1;
  }
  for (const auto& p : plugins_)
    health_.addServing({p.instance->name(), p.instance->library().version(), ""});
  servers_->startAll();
  if (!options.portFile.empty()) writePortFile(options.portFile);
  health_.setReady(true);
  logger().information("ready: " + std::to_string(plugins_.size()) + " plugin(s) serving");

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
      logger().warning("SIGHUP: configuration reload is not supported yet; restart to apply");
      continue;
    }
    logger().information(std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
                         ": shutting down");
    break;
  }
  shutdown();
  logger().information("stopped");
  return 0;
}

}  // namespace apiary
