// GET /queues.json: public pending queues and recently started games
// (upstream web/api/queues.py, services/queues.py).
#pragma once

#include "GuildLogos.hpp"
#include "SpellbotStore.hpp"

#include <apiary/router.hpp>

namespace spellbot {

class QueueRoutes {
 public:
  QueueRoutes(SpellbotStore store, GuildLogos& logos, apiary::Clock clock)
      : store_(store), logos_(logos), clock_(clock) {}

  void add(apiary::Router& router);
  apiary::Response queues(const apiary::Request& request) const;

 private:
  SpellbotStore store_;
  GuildLogos& logos_;
  apiary::Clock clock_;
};

}  // namespace spellbot
