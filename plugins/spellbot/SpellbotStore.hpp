// Every SQL statement of the plugin, over upstream SpellBot's tables (see SpellbotSchema).
// Thread-safe: each call is one statement or one transaction on the host's pool.
#pragma once

#include "ShardStatus.hpp"

#include <apiary/database.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spellbot {

struct GuildRow {
  int64_t xid = 0;
  std::string name, locale, icon;
  bool hasIcon = false;
};

struct ChannelRow {
  int64_t xid = 0, guildXid = 0;
  std::string name;
};

struct UserRow {
  int64_t xid = 0;
  std::string name;
};

struct GameRow {
  int64_t id = 0, guildXid = 0, channelXid = 0, seats = 0, format = 1, bracket = 1, service = 9;
  std::optional<int64_t> startedAtMs;
  std::string metadata;
};

// A pending queue or a started game on /queues.json.
struct PublicGameRow {
  int64_t id = 0, guildXid = 0, channelXid = 0, seats = 0, format = 1, bracket = 1, service = 9;
  int64_t players = 0;
  int64_t atMs = 0;  // created_at for queues, started_at for games
  std::optional<int64_t> messageXid;
  std::string guildName, guildLocale, guildIcon;
};

// Filters and ordering of the game record pages.
struct GameListQuery {
  std::optional<int64_t> guildXid, channelXid, playedBy;
  std::optional<int64_t> withPlayerXid;
  std::string withPlayerName;  // substring, case-insensitive
  std::optional<int64_t> guildFilterXid;
  std::string guildFilterName;
  std::vector<int64_t> formats, brackets;
  std::optional<int64_t> fromMs, toMs;  // updated_at in [from, to)
  std::string sort = "updated_at";      // id, updated_at, format, seats, bracket, guild_name
  bool ascending = false;
  int64_t offset = 0, limit = 10;
};

struct GameListRow {
  int64_t id = 0, guildXid = 0, channelXid = 0, seats = 0, format = 1, bracket = 1;
  int64_t updatedAtMs = 0;
  std::optional<int64_t> messageXid;
  std::string locale, gameLink, guildName, channelName;
};

class SpellbotStore {
 public:
  explicit SpellbotStore(apiary_plugin_ctx* ctx) : ctx_(ctx) {}

  void ping() const;

  std::optional<GuildRow> guild(int64_t xid) const;
  std::optional<ChannelRow> channel(int64_t xid) const;
  std::optional<UserRow> user(int64_t xid) const;
  std::optional<int64_t> userXidByName(const std::string& name) const;
  std::map<int64_t, std::string> userNames(const std::vector<int64_t>& xids) const;
  int64_t countUsers(const std::vector<int64_t>& xids) const;
  void setGuildIcon(int64_t xid, const std::string& url, int64_t nowMs) const;

  std::vector<PublicGameRow> publicQueues(bool mythicTrackOnly) const;
  std::vector<PublicGameRow> publicGames(int64_t sinceMs, bool mythicTrackOnly) const;

  std::optional<GameRow> game(int64_t id) const;
  int64_t countPlays(int64_t gameId) const;
  // The newest post of the game in its own guild and channel.
  std::optional<int64_t> homePost(const GameRow& game) const;
  // Sets plays.verified_at when the PIN matches; false otherwise.
  bool verifyPin(int64_t gameId, int64_t userXid, int64_t guildXid, const std::string& pin,
                 int64_t nowMs) const;
  // Stores metadata unless the stored document's reported_at is strictly newer. False when
  // the game does not exist.
  bool setMetadata(int64_t gameId, const std::string& json, std::optional<int64_t> reportedAtMs) const;

  int64_t countGames(const GameListQuery& q) const;
  std::vector<GameListRow> listGames(const GameListQuery& q) const;
  // Players of each game, ordered by xid.
  std::map<int64_t, std::vector<UserRow>> playersOf(const std::vector<int64_t>& gameIds) const;

  std::vector<ShardStatus> shardStatuses(int64_t nowMs) const;
  std::optional<ShardMetadata> shardMetadata(int64_t nowMs) const;
  void writeHeartbeat(const ShardStatus& status, int64_t expiresAtMs) const;
  void writeMetadata(const ShardMetadata& metadata, int64_t expiresAtMs) const;

  apiary::Database database() const { return apiary::Database(ctx_); }
  apiary_plugin_ctx* context() const { return ctx_; }

 private:
  void whereClause(const GameListQuery& q, class DynamicQuery& query) const;

  apiary_plugin_ctx* ctx_;
};

}  // namespace spellbot
