#include "GameApi.hpp"

#include "PythonSemantics.hpp"
#include "Replies.hpp"
#include "TimeText.hpp"

#include <apiary/json_depth.hpp>
#include <set>

namespace spellbot {
namespace {

using Json = nlohmann::ordered_json;

constexpr int64_t kEmbedColor = 0x5A3EFD;
constexpr size_t kMaxMetadataPlayers = 64;
constexpr size_t kMaxMetadataLinks = 32;

// The client's address without the port ("1.2.3.4:5678", "[::1]:5678").
std::string clientAddress(std::string_view remote) {
  if (!remote.empty() && remote.front() == '[') {
    const size_t close = remote.find(']');
    return std::string(
        remote.substr(1, close == std::string_view::npos ? remote.size() : close - 1));
  }
  const size_t colon = remote.rfind(':');
  if (colon != std::string_view::npos && remote.find(':') == colon)
    return std::string(remote.substr(0, colon));
  return std::string(remote);
}

// json.loads of the body; nullopt with Python's error text on failure.
std::optional<Json> parseBody(std::string_view body, std::string& error) {
  // Python's json.loads gives up on deep nesting too (RecursionError, about 1000 levels).
  if (!apiary::jsonDepthWithin(body)) {
    error = "maximum recursion depth exceeded while decoding a JSON array or object";
    return std::nullopt;
  }
  try {
    return Json::parse(body);
  } catch (const Json::parse_error& e) {
    error = PythonSemantics::jsonErrorText(body, e.byte);
  } catch (const Json::out_of_range&) {
    // A number beyond a double (1e309): Python reads it as inf, which no field of these routes
    // can hold; nlohmann refuses it. Python's own words for such a number.
    error = "Out of range float values are not JSON compliant";
  }
  return std::nullopt;
}

std::string mention(int64_t xid) {
  return "<@" + std::to_string(xid) + ">";
}

bool httpUrl(const std::string& s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
}

}  // namespace

GameApi::GameApi(const SpellbotSettings& settings, SpellbotStore store, apiary::Clock clock,
                 DiscordNotifier& notifier, apiary::Logger log)
    : settings_(settings), store_(store), clock_(clock), notifier_(notifier), log_(log) {}

void GameApi::add(apiary::Router& router) {
  router.post(
      "/api/game/{game}/verify", [this](const apiary::Request& r) { return verify(r); },
      "Verifies a player's PIN for a game (Mythic Track)");
  router.post(
      "/api/game/{game}/record", [this](const apiary::Request& r) { return record(r); },
      "Records a game's result and DMs its players (Mythic Track)");
  router.post(
      "/api/game/{game}/metadata", [this](const apiary::Request& r) { return metadata(r); },
      "Stores a game's reported metadata (Convoke)");
}

apiary::Response GameApi::failure(const apiary::Request& request, int status,
                                  const std::string& message) {
  if (settings_.rateLimit &&
      addressLimiter_.hit("rate_limit:" + clientAddress(request.remoteAddress()),
                          clock_.monotonicMs()))
    return errorReply(429, "Rate limited");
  return errorReply(status, message);
}

apiary::Response GameApi::verify(const apiary::Request& request) {
  try {
    const PyInt game = PythonSemantics::intOf(request.param("game").value_or(""));
    if (!game.ok) return failure(request, 400, game.error);
    std::string parseError;
    const auto body = parseBody(request.body(), parseError);
    if (!body) return failure(request, 400, parseError);
    if (!body->is_object()) return failure(request, 400, "request body must be a JSON object");
    PyInt ids[2];
    const char* keys[2] = {"user_xid", "guild_xid"};
    for (int i = 0; i < 2; ++i) {
      if (!body->contains(keys[i]))
        return failure(request, 400, std::string("missing key: '") + keys[i] + "'");
      ids[i] = PythonSemantics::intOf((*body)[keys[i]]);
      if (!ids[i].ok) return failure(request, 400, ids[i].error);
    }
    if (!body->contains("pin")) return failure(request, 400, "missing key: 'pin'");
    const Json& pinValue = (*body)["pin"];
    std::optional<std::string> pin;
    if (pinValue.is_string())
      pin = pinValue.get<std::string>();
    else if (pinValue.is_number_integer())
      pin = pinValue.dump();  // lenient: 123456 as "123456"
    bool verified = false;
    if (pin && game.fits && ids[0].fits && ids[1].fits)
      verified = store_.verifyPin(game.value, ids[0].value, ids[1].value, *pin, clock_.wallMs());
    if (!verified && settings_.rateLimit &&
        verifyLimiter_.hit(
            "game_verify:" + (game.fits ? std::to_string(game.value)
                                        : std::string(request.param("game").value_or(""))),
            clock_.monotonicMs()))
      return errorReply(429, "Rate limited");
    return jsonReply(200, Json{{"result", {{"verified", verified}}}});
  } catch (const std::exception& e) {
    log_.error(std::string("verify failed: ") + e.what());
    return failure(request, 500, e.what());
  }
}

std::optional<int64_t> GameApi::resolveUser(const Json& value) const {
  const PyInt number = PythonSemantics::intOf(value);
  if (number.ok) return number.fits ? std::optional<int64_t>(number.value) : std::nullopt;
  if (value.is_string()) return store_.userXidByName(value.get<std::string>());
  return std::nullopt;
}

apiary::Response GameApi::record(const apiary::Request& request) {
  const PyInt gameId = PythonSemantics::intOf(request.param("game").value_or(""));
  if (!gameId.ok) return errorReply(400, "Invalid game ID");
  const std::optional<GameRow> game = gameId.fits ? store_.game(gameId.value) : std::nullopt;
  if (!game) return errorReply(404, "Game not found");

  std::string parseError;
  const auto body = parseBody(request.body(), parseError);
  if (!body) return errorReply(400, "Invalid JSON body");
  if (!body->is_object()) return errorReply(400, "Request body must be a JSON object");

  const Json tracker = body->value("tracker", Json());
  if (!PythonSemantics::truthy(tracker)) return errorReply(400, "Tracker ID is required");
  const std::optional<int64_t> trackerXid = resolveUser(tracker);
  if (!trackerXid) return errorReply(400, "Tracker not found");
  const std::optional<int64_t> winnerXid = resolveUser(body->value("winner", Json()));

  const Json players = body->value("players", Json());
  if (!PythonSemantics::truthy(players)) return errorReply(400, "No players provided");
  if (!players.is_array()) return errorReply(400, "Invalid player data");
  std::vector<Player> resolved;
  for (const Json& p : players) {
    if (!p.is_object() || !p.contains("xid") || !p.contains("commander"))
      return errorReply(400, "Invalid player data");
    const std::optional<int64_t> xid = resolveUser(p["xid"]);
    if (!xid) return errorReply(400, "Player not found: " + PythonSemantics::str(p["xid"]));
    const Json& commander = p["commander"];
    resolved.push_back(Player{
        *xid,
        {},
        PythonSemantics::truthy(commander) ? PythonSemantics::str(commander) : std::string()});
  }

  std::vector<int64_t> xids;
  for (const auto& p : resolved) xids.push_back(p.xid);
  const std::set<int64_t> distinct(xids.begin(), xids.end());
  const int64_t users = store_.countUsers({distinct.begin(), distinct.end()});
  if (store_.countPlays(game->id) != users || users != static_cast<int64_t>(resolved.size()))
    return errorReply(400, "Mismatched player count");

  const auto names = store_.userNames(xids);
  for (auto& p : resolved) p.name = names.count(p.xid) ? names.at(p.xid) : "Unknown User";
  const auto trackerIt = std::find_if(resolved.begin(), resolved.end(),
                                      [&](const Player& p) { return p.xid == *trackerXid; });
  // Upstream fails here without a reply of its own (StopIteration, an assert): still a 500,
  // but in the envelope and with a reason.
  if (trackerIt == resolved.end()) return errorReply(500, "Tracker is not one of the players");
  if (!game->startedAtMs) return errorReply(500, "Game has not started");
  std::optional<Player> winner;
  for (const auto& p : resolved)
    if (winnerXid && p.xid == *winnerXid) winner = p;

  const auto post = store_.homePost(*game);
  std::string jump = "https://discord.com/channels/" + std::to_string(game->guildXid) + "/" +
                     std::to_string(game->channelXid);
  if (post) jump += "/" + std::to_string(*post);
  const Json message =
      recordMessage(*game, *trackerIt, winner, resolved, jump, settings_.embedIconUrl);
  const auto batch = notifier_.send(xids, message);
  // Upstream answers once every DM attempt finished; a bounded wait keeps a slow Discord from
  // holding the worker thread (retries continue in the background and are logged).
  if (!batch->waitFor(std::chrono::milliseconds(settings_.dm.replyWaitMs)))
    log_.warning("record of game " + std::to_string(game->id) +
                 ": replying before every DM finished; the rest continue in the background");
  return jsonReply(200, Json{{"result", {{"success", true}}}});
}

Json GameApi::recordMessage(const GameRow& game, const Player& tracker,
                            const std::optional<Player>& winner, const std::vector<Player>& players,
                            const std::string& jumpUrl, const std::string& iconUrl) {
  std::string description =
      "A game you played was tracked by " + mention(tracker.xid) + " (" + tracker.name + ").\n\n";
  if (winner)
    description += mention(winner->xid) + " (" + winner->name + ") was marked as the winner.";
  else
    description += "No winner was marked, the game ended in a draw.";
  description += "\n\nPlayed in <#" + std::to_string(game.channelXid) +
                 "> at <t:" + std::to_string(game.startedAtMs.value_or(0) / 1000) +
                 ">. [Jump to game](" + jumpUrl +
                 ")\n\nIf the winner is incorrect, please contact the server mods.";
  Json fields = Json::array();
  if (winner && !winner->commander.empty())
    fields.push_back(
        {{"name", "🎉 Winner 🎉"},
         {"value", mention(winner->xid) + " (" + winner->name + ") - " + winner->commander},
         {"inline", false}});
  else
    fields.push_back({{"name", "No Winner"}, {"value", "Draw game"}, {"inline", false}});
  std::string lines;
  for (const auto& p : players) {
    if (!lines.empty()) lines += "\n";
    lines += "• " + mention(p.xid) + " (" + p.name + ")";
    if (!p.commander.empty()) lines += " - " + p.commander;
  }
  fields.push_back({{"name", "Players"}, {"value", lines}, {"inline", false}});
  Json embed;
  embed["author"] = {{"name", "Your game was tracked on Mythic Track!"}, {"icon_url", iconUrl}};
  embed["description"] = description;
  embed["fields"] = fields;
  embed["color"] = kEmbedColor;
  embed["footer"] = {{"text", "SpellBot Game ID: #SB" + std::to_string(game.id)}};
  return Json{{"embeds", Json::array({embed})}};
}

apiary::Response GameApi::metadata(const apiary::Request& request) {
  const PyInt gameId = PythonSemantics::intOf(request.param("game").value_or(""));
  if (!gameId.ok) return errorReply(400, "Invalid game ID");
  std::string parseError;
  auto body = parseBody(request.body(), parseError);
  if (!body) return errorReply(400, "Invalid JSON body");
  if (!body->is_object()) return errorReply(400, "Metadata must be a JSON object");
  std::optional<int64_t> reportedAt;
  if (body->contains("reported_at") && !(*body)["reported_at"].is_null()) {
    const Json& value = (*body)["reported_at"];
    if (value.is_string()) reportedAt = TimeText::parse(value.get<std::string>());
    if (!reportedAt) return errorReply(400, "invalid reported_at");
  }
  if (body->contains("players") && !(*body)["players"].is_null()) {
    if (!(*body)["players"].is_array()) return errorReply(400, "players must be a list");
    if ((*body)["players"].size() > kMaxMetadataPlayers) return errorReply(400, "too many players");
  }
  if (body->contains("links") && !(*body)["links"].is_null()) {
    Json& links = (*body)["links"];
    if (!links.is_object()) return errorReply(400, "links must be an object");
    if (links.size() > kMaxMetadataLinks) return errorReply(400, "too many links");
    Json kept = Json::object();
    for (auto it = links.begin(); it != links.end(); ++it)
      if (it->is_string() && httpUrl(it->get<std::string>())) kept[it.key()] = *it;
    links = kept;
  }
  if (!gameId.fits || !store_.setMetadata(gameId.value, body->dump(), reportedAt))
    return errorReply(404, "Game not found");
  return jsonReply(200, Json{{"result", {{"success", true}}}});
}

}  // namespace spellbot
