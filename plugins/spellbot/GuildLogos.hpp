// A guild's logo URL: the stored icon, else the icon fetched from Discord's API (saved into
// guilds.icon), else SpellBot's default avatar. A guild is looked up on Discord at most once
// per retry interval (in memory, like upstream's services/guilds.py). Thread-safe.
#pragma once

#include "SpellbotSettings.hpp"
#include "SpellbotStore.hpp"

#include <apiary/clock.hpp>
#include <apiary/http_client.hpp>
#include <apiary/logger.hpp>

#include <map>
#include <mutex>

namespace spellbot {

class GuildLogos {
 public:
  GuildLogos(const SpellbotSettings& settings, SpellbotStore store, apiary::HttpClient http,
             apiary::Clock clock, apiary::Logger log);

  std::string logoFor(int64_t guildXid, const std::string& storedIcon);

  // https://cdn.discordapp.com/icons/{xid}/{hash}.{gif|png}
  static std::string iconUrl(int64_t guildXid, const std::string& hash);

 private:
  std::optional<std::string> fetch(int64_t guildXid) const;

  const SpellbotSettings& settings_;
  SpellbotStore store_;
  apiary::HttpClient http_;
  apiary::Clock clock_;
  apiary::Logger log_;
  std::mutex mutex_;
  std::map<int64_t, int64_t> lastAttemptMs_;  // monotonic
};

}  // namespace spellbot
