// GET /, /health, /status.json and /status (upstream web/api/ping.py and web/api/status.py).
#pragma once

#include "ShardStatus.hpp"
#include "SpellbotSettings.hpp"
#include "SpellbotStore.hpp"

#include <apiary/clock.hpp>
#include <apiary/logger.hpp>
#include <apiary/router.hpp>

namespace spellbot {

class StatusRoutes {
 public:
  StatusRoutes(const SpellbotSettings& settings, SpellbotStore store, apiary::Clock clock,
               apiary::Logger log);

  void add(apiary::Router& router);

  // Heartbeats from Redis when configured, else from the plugin's own table.
  StatusReport report() const;

  apiary::Response ping(const apiary::Request& request) const;
  apiary::Response health(const apiary::Request& request) const;
  apiary::Response statusJson(const apiary::Request& request) const;
  apiary::Response statusPage(const apiary::Request& request) const;

 private:
  std::string renderPage(const StatusReport& report) const;

  const SpellbotSettings& settings_;
  SpellbotStore store_;
  apiary::Clock clock_;
  apiary::Logger log_;
  std::optional<RedisShardSource> redis_;
};

}  // namespace spellbot
