// The authenticated game API (upstream web/api/rest.py, services/apps.py, services/plays.py):
// POST /api/game/{game}/verify, /record and /metadata, behind the bearer policy with scope
// "game". Validation order and error texts follow upstream; its plain bugs (non-JSON 500s on
// malformed bodies) answer 400 in the {"error": ...} envelope instead.
#pragma once

#include "DiscordNotifier.hpp"
#include "RateLimiter.hpp"
#include "SpellbotSettings.hpp"
#include "SpellbotStore.hpp"

#include <apiary/clock.hpp>
#include <apiary/logger.hpp>
#include <apiary/router.hpp>

namespace spellbot {

class GameApi {
 public:
  GameApi(const SpellbotSettings& settings, SpellbotStore store, apiary::Clock clock,
          DiscordNotifier& notifier, apiary::Logger log);

  void add(apiary::Router& router);

  apiary::Response verify(const apiary::Request& request);
  apiary::Response record(const apiary::Request& request);
  apiary::Response metadata(const apiary::Request& request);

  // The Discord message /record sends to every player.
  struct Player {
    int64_t xid;
    std::string name, commander;
  };
  static nlohmann::ordered_json recordMessage(const GameRow& game, const Player& tracker,
                                              const std::optional<Player>& winner,
                                              const std::vector<Player>& players,
                                              const std::string& jumpUrl,
                                              const std::string& iconUrl);

 private:
  // An error reply, or 429 "Rate limited" when the caller's address is over upstream's limit.
  apiary::Response failure(const apiary::Request& request, int status, const std::string& message);
  std::optional<int64_t> resolveUser(const nlohmann::ordered_json& value) const;

  const SpellbotSettings& settings_;
  SpellbotStore store_;
  apiary::Clock clock_;
  DiscordNotifier& notifier_;
  apiary::Logger log_;
  RateLimiter addressLimiter_{10, 60000};
  RateLimiter verifyLimiter_{10, 60000};
};

}  // namespace spellbot
