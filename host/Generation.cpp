#include "Generation.h"

#include "PluginRefused.h"

#include <Poco/Logger.h>

#include <thread>

namespace apiary {
namespace {
Poco::Logger& logger() { return Poco::Logger::get("host"); }
}  // namespace

Generation::~Generation() {
  stop();
  while (!plugins_.empty()) plugins_.pop_back();  // destroy in reverse order
}

bool Generation::refuse(const PluginEntryConfig& entry, const std::string& reason) {
  const std::string line = "plugin '" + entry.name + "' (" + entry.library + ") refused: " + reason;
  if (entry.optional) {
    logger().warning(line + " [optional: serving without it]");
    missing_.push_back({entry.name, "", reason, "", ""});
    return true;
  }
  logger().error(line);
  return false;
}

bool Generation::loadAndValidate(PluginLoader& loader) {
  for (const auto& entry : config_.plugins) {
    try {
      auto library = loader.load(entry.library);
      logger().information("loaded plugin '" + entry.name + "': name=" + library->name() +
                           " version=" + library->version() + " abi=" + library->abi() +
                           " path=" + library->path());
      auto instance = std::make_unique<PluginInstance>(library, entry, services_);
      instance->validateConfig();
      plugins_.push_back({std::move(instance), nullptr});
    } catch (const PluginRefused& e) {
      if (!refuse(entry, e.what())) return false;
    }
  }
  return true;
}

bool Generation::createAndRegister() {
  for (auto it = plugins_.begin(); it != plugins_.end();) {
    try {
      const PluginEntryConfig& entry = it->instance->config();
      const bool servesRoutes =
          (it->instance->library().descriptor().kind & APIARY_KIND_ROUTES) != 0;
      if (servesRoutes && entry.listener.empty())
        throw PluginRefused("serves routes but names no \"listener\"");
      if (!servesRoutes && (!entry.prefixPolicies.empty() || !entry.routePolicies.empty()))
        throw PluginRefused("has policies but serves no routes");
      it->instance->create();
      if (it->instance->isAuthenticator())
        authGate_->addAuthenticator(entry.name, it->instance.get());
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

bool Generation::buildRouteTables() {
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
  tables_.clear();
  for (auto& [name, table] : tables) tables_[name] = table;
  return true;
}

bool Generation::start() {
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
  started_ = true;
  return !dropped || buildRouteTables();  // a dropped optional plugin leaves the tables
}

void Generation::stop() {
  if (!started_) return;
  started_ = false;
  for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) it->instance->stop();
}

std::shared_ptr<const RouteTable> Generation::table(const std::string& listener) const {
  auto it = tables_.find(listener);
  if (it != tables_.end()) return it->second;
  return std::make_shared<const RouteTable>();
}

std::vector<HealthState::PluginStatus> Generation::serving() const {
  std::vector<HealthState::PluginStatus> out;
  for (const auto& p : plugins_)
    out.push_back({p.instance->name(), p.instance->library().version(), "",
                   p.instance->library().name(), p.instance->library().abi()});
  return out;
}

std::vector<const PluginInstance*> Generation::instances() const {
  std::vector<const PluginInstance*> out;
  for (const auto& p : plugins_) out.push_back(p.instance.get());
  return out;
}

bool Generation::waitForDrain(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto busy = [&] {
    for (const auto& [name, table] : tables_)
      if (table.use_count() > 1) return true;
    return false;
  };
  while (busy()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace apiary
