// Demo content for the README's quick start ("demo": true): a few guilds, channels, players,
// pending queues and played games, a demo API token (issued once, printed once) and shard
// heartbeats refreshed like the bot would write them.
#pragma once

#include "SpellbotStore.hpp"

#include <apiary/clock.hpp>
#include <apiary/credentials.hpp>
#include <apiary/logger.hpp>

namespace spellbot {

class DemoData {
 public:
  static constexpr const char* kTokenNote = "spellbot demo token";

  DemoData(SpellbotStore store, apiary::Clock clock, apiary::Logger log)
      : store_(store), clock_(clock), log_(log) {}

  // Inserts the demo rows unless the database already has guilds.
  void seed() const;
  // Issues the demo token unless one exists in realm; logs the secret once.
  void ensureToken(const apiary::CredentialStore& credentials, const std::string& realm) const;
  // Two ready shards of version "demo" and their metadata, expiring like upstream's (120 s).
  void heartbeat() const;

 private:
  SpellbotStore store_;
  apiary::Clock clock_;
  apiary::Logger log_;
};

}  // namespace spellbot
