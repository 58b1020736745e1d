#include "GuildLogos.hpp"

#include <nlohmann/json.hpp>

namespace spellbot {

GuildLogos::GuildLogos(const SpellbotSettings& settings, SpellbotStore store,
                       apiary::HttpClient http, apiary::Clock clock, apiary::Logger log)
    : settings_(settings), store_(store), http_(http), clock_(clock), log_(log) {}

std::string GuildLogos::iconUrl(int64_t guildXid, const std::string& hash) {
  const bool animated = hash.rfind("a_", 0) == 0;
  return "https://cdn.discordapp.com/icons/" + std::to_string(guildXid) + "/" + hash +
         (animated ? ".gif" : ".png");
}

std::string GuildLogos::logoFor(int64_t guildXid, const std::string& storedIcon) {
  if (!storedIcon.empty()) return storedIcon;
  if (settings_.botToken.empty()) return settings_.defaultLogo;
  {
    std::lock_guard lock(mutex_);
    const int64_t now = clock_.monotonicMs();
    auto it = lastAttemptMs_.find(guildXid);
    if (it != lastAttemptMs_.end() && now - it->second < settings_.logoRetryMs)
      return settings_.defaultLogo;
    lastAttemptMs_[guildXid] = now;
  }
  const auto url = fetch(guildXid);
  if (!url) return settings_.defaultLogo;
  try {
    store_.setGuildIcon(guildXid, *url, clock_.wallMs());
  } catch (const std::exception& e) {
    log_.warning("could not save the icon of guild " + std::to_string(guildXid) + ": " + e.what());
  }
  return *url;
}

std::optional<std::string> GuildLogos::fetch(int64_t guildXid) const {
  apiary::HttpRequest request;
  request.url = settings_.discordApiUrl + "/v10/guilds/" + std::to_string(guildXid);
  request.headers = {{"Authorization", "Bot " + settings_.botToken}};
  request.totalTimeout = std::chrono::milliseconds(settings_.logoTimeoutMs);
  request.connectTimeout = std::chrono::milliseconds(settings_.logoTimeoutMs);
  const apiary::HttpResult result = http_.send(request);
  if (!result.ok()) {
    log_.warning("guild icon lookup for " + std::to_string(guildXid) + " failed: " + result.message);
    return std::nullopt;
  }
  if (result.status != 200) {
    log_.warning("guild icon lookup for " + std::to_string(guildXid) + ": Discord answered " +
                 std::to_string(result.status));
    return std::nullopt;
  }
  const auto doc = nlohmann::json::parse(result.body, nullptr, false);
  if (!doc.is_object() || !doc.contains("icon") || !doc["icon"].is_string()) return std::nullopt;
  const std::string hash = doc["icon"].get<std::string>();
  // The hash becomes part of a URL shown to browsers: only what Discord hashes look like.
  if (hash.empty() || hash.size() > 64 ||
      hash.find_first_not_of("abcdefABCDEF0123456789_") != std::string::npos)
    return std::nullopt;
  return iconUrl(guildXid, hash);
}

}  // namespace spellbot
