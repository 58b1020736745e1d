#include "QueueRoutes.hpp"

#include "GameLabels.hpp"
#include "Replies.hpp"

#include <algorithm>

namespace spellbot {
namespace {

constexpr int64_t kStartedWindowMs = 2 * 3600 * 1000;

std::string channelUrl(int64_t guild, int64_t channel) {
  return "https://discord.com/channels/" + std::to_string(guild) + "/" + std::to_string(channel);
}

}  // namespace

void QueueRoutes::add(apiary::Router& router) {
  router.get("/queues.json", [this](const apiary::Request& r) { return queues(r); },
             "Public pending queues and games started in the last two hours");
}

apiary::Response QueueRoutes::queues(const apiary::Request& request) const {
  const bool mythicTrack = request.query("mythic_track").value_or("") == "1";
  const int64_t now = clock_.wallMs();
  auto common = [&](const PublicGameRow& g) {
    nlohmann::ordered_json j;
    j["guild_xid"] = g.guildXid;
    j["guild_name"] = g.guildName;
    j["guild_locale"] = g.guildLocale;
    j["logo"] = logos_.logoFor(g.guildXid, g.guildIcon);
    j["format"] = GameLabels::format(g.format);
    j["bracket"] = GameLabels::bracket(g.bracket);
    j["service"] = GameLabels::service(g.service);
    return j;
  };
  nlohmann::ordered_json queues = nlohmann::ordered_json::array();
  for (const auto& g : store_.publicQueues(mythicTrack)) {
    nlohmann::ordered_json j = common(g);
    j["players"] = g.players;
    j["seats"] = g.seats;
    j["wait_seconds"] = std::max<int64_t>(0, (now - g.atMs) / 1000);
    j["jump_url"] = g.messageXid ? channelUrl(g.guildXid, g.channelXid) + "/" +
                                       std::to_string(*g.messageXid)
                                 : channelUrl(g.guildXid, g.channelXid);
    queues.push_back(std::move(j));
  }
  nlohmann::ordered_json games = nlohmann::ordered_json::array();
  for (const auto& g : store_.publicGames(now - kStartedWindowMs, mythicTrack)) {
    nlohmann::ordered_json j = common(g);
    j["seats"] = g.seats;
    j["started_seconds_ago"] = std::max<int64_t>(0, (now - g.atMs) / 1000);
    j["jump_url"] = channelUrl(g.guildXid, g.channelXid);
    games.push_back(std::move(j));
  }
  nlohmann::ordered_json body;
  // The seed document's rule (stats.active_games == len(games)), not upstream's later sum.
  body["stats"] = {{"active_games", games.size()}};
  body["queues"] = std::move(queues);
  body["games"] = std::move(games);
  return jsonReply(200, body);
}

}  // namespace spellbot
