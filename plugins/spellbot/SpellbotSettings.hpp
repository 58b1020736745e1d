// The plugin's configuration (README: "Config keys"), read once in SpellbotPlugin::configure.
#pragma once

#include "RedisShardSource.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace spellbot {

struct DirectMessageSettings {
  int64_t attempts = 5;          // upstream: tenacity stop_after_attempt(5)
  int64_t retryMinMs = 4000;     // upstream: wait_exponential(min=4, max=10)
  int64_t retryMaxMs = 10000;
  int64_t timeoutMs = 10000;     // per Discord call
  int64_t replyWaitMs = 15000;   // how long /record waits for its DMs before replying anyway
  int64_t queueLimit = 10000;    // pending DMs beyond this are refused (and logged)
};

struct SpellbotSettings {
  std::string authProvider = "bearer:spellbot";
  bool rateLimit = false;
  std::string realm = "spellbot";
  bool demo = false;
  std::optional<RedisEndpoint> redis;
  int64_t redisTimeoutMs = 2000;
  std::string discordApiUrl = "https://discord.com/api";
  std::string botToken;
  std::string defaultLogo = "https://spellbot.io/assets/img/avatar-icon.png";
  std::string embedIconUrl = "https://spellbot.io/assets/img/avatar-icon.png";
  int64_t logoTimeoutMs = 5000;
  int64_t logoRetryMs = 6LL * 3600 * 1000;
  DirectMessageSettings dm;
};

}  // namespace spellbot
