#include "SpellbotStore.hpp"

#include "DynamicQuery.hpp"
#include "TimeText.hpp"

namespace spellbot {
namespace {

int64_t msOf(const apiary::Row& row, std::string_view column) {
  if (row.isNull(column)) return 0;
  return TimeText::parse(row.text(column)).value_or(0);
}

std::optional<int64_t> optionalInt(const apiary::Row& row, std::string_view column) {
  if (row.isNull(column)) return std::nullopt;
  return row.int64(column);
}

std::string likePattern(const std::string& needle) {
  std::string out = "%";
  for (char c : needle) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out + "%";
}

PublicGameRow publicRow(const apiary::Row& r, std::string_view atColumn) {
  PublicGameRow g;
  g.id = r.int64("id");
  g.guildXid = r.int64("guild_xid");
  g.channelXid = r.int64("channel_xid");
  g.seats = r.int64("seats");
  g.format = r.int64("format");
  g.bracket = r.int64("bracket");
  g.service = r.int64("service");
  g.atMs = msOf(r, atColumn);
  g.messageXid = optionalInt(r, "message_xid");
  g.guildName = r.text("guild_name");
  g.guildLocale =
      r.isNull("guild_locale") || r.text("guild_locale").empty() ? "en" : r.text("guild_locale");
  g.guildIcon = r.text("guild_icon");
  return g;
}

constexpr const char* kPublicColumns =
    "SELECT games.id, games.guild_xid, games.channel_xid, games.seats, games.format,"
    " games.bracket, games.service, games.created_at, games.started_at,"
    " guilds.name AS guild_name, guilds.locale AS guild_locale, guilds.icon AS guild_icon,"
    " (SELECT posts.message_xid FROM posts WHERE posts.game_id = games.id"
    "  ORDER BY posts.created_at DESC LIMIT 1) AS message_xid";

}  // namespace

void SpellbotStore::ping() const {
  database().execute("SELECT 1");
}

std::optional<GuildRow> SpellbotStore::guild(int64_t xid) const {
  const auto rows =
      database().execute("SELECT xid, name, locale, icon FROM guilds WHERE xid = ?", {xid});
  if (rows.empty()) return std::nullopt;
  GuildRow g;
  g.xid = rows[0].int64("xid");
  g.name = rows[0].text("name");
  g.locale = rows[0].text("locale");
  g.hasIcon = !rows[0].isNull("icon") && !rows[0].text("icon").empty();
  g.icon = rows[0].text("icon");
  return g;
}

std::optional<ChannelRow> SpellbotStore::channel(int64_t xid) const {
  const auto rows =
      database().execute("SELECT xid, guild_xid, name FROM channels WHERE xid = ?", {xid});
  if (rows.empty()) return std::nullopt;
  return ChannelRow{rows[0].int64("xid"), rows[0].int64("guild_xid"), rows[0].text("name")};
}

std::optional<UserRow> SpellbotStore::user(int64_t xid) const {
  const auto rows = database().execute("SELECT xid, name FROM users WHERE xid = ?", {xid});
  if (rows.empty()) return std::nullopt;
  return UserRow{rows[0].int64("xid"), rows[0].text("name")};
}

std::optional<int64_t> SpellbotStore::userXidByName(const std::string& name) const {
  // upstream: lower(users.name) = lower(value), first row. (SQLite's LOWER folds ASCII only.)
  const auto rows = database().execute(
      "SELECT xid FROM users WHERE LOWER(name) = LOWER(?) ORDER BY xid LIMIT 1", {name});
  if (rows.empty()) return std::nullopt;
  return rows[0].int64("xid");
}

std::map<int64_t, std::string> SpellbotStore::userNames(const std::vector<int64_t>& xids) const {
  std::map<int64_t, std::string> out;
  if (xids.empty()) return out;
  DynamicQuery q;
  q.sql("SELECT xid, name FROM users WHERE xid IN ").inList(xids);
  const auto rows = q.run(ctx_);
  for (size_t i = 0; i < rows.size(); ++i) out[rows[i].int64("xid")] = rows[i].text("name");
  return out;
}

int64_t SpellbotStore::countUsers(const std::vector<int64_t>& xids) const {
  if (xids.empty()) return 0;
  DynamicQuery q;
  q.sql("SELECT COUNT(*) AS n FROM users WHERE xid IN ").inList(xids);
  return q.run(ctx_)[0].int64("n");
}

void SpellbotStore::setGuildIcon(int64_t xid, const std::string& url, int64_t nowMs) const {
  database().execute("UPDATE guilds SET icon = ?, updated_at = ? WHERE xid = ?",
                     {url, TimeText::column(nowMs), xid});
}

std::vector<PublicGameRow> SpellbotStore::publicQueues(bool mythicTrackOnly) const {
  std::string sql = std::string(kPublicColumns) +
                    ", COUNT(queues.user_xid) AS players"
                    " FROM games JOIN guilds ON guilds.xid = games.guild_xid"
                    " JOIN queues ON queues.game_id = games.id"
                    " WHERE guilds.banned = FALSE AND guilds.promote = TRUE"
                    " AND games.deleted_at IS NULL AND games.started_at IS NULL";
  if (mythicTrackOnly) sql += " AND guilds.enable_mythic_track = TRUE";
  sql += " GROUP BY games.id, guilds.xid ORDER BY games.created_at DESC";
  const auto rows = database().execute(sql);
  std::vector<PublicGameRow> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    PublicGameRow g = publicRow(rows[i], "created_at");
    g.players = rows[i].int64("players");
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<PublicGameRow> SpellbotStore::publicGames(int64_t sinceMs, bool mythicTrackOnly) const {
  std::string sql = std::string(kPublicColumns) +
                    " FROM games JOIN guilds ON guilds.xid = games.guild_xid"
                    " WHERE guilds.banned = FALSE AND guilds.promote = TRUE"
                    " AND games.deleted_at IS NULL AND games.started_at IS NOT NULL"
                    " AND games.started_at >= ?";
  if (mythicTrackOnly) sql += " AND guilds.enable_mythic_track = TRUE";
  sql += " ORDER BY games.started_at DESC";
  const auto rows = database().execute(sql, {TimeText::column(sinceMs)});
  std::vector<PublicGameRow> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(publicRow(rows[i], "started_at"));
  return out;
}

std::optional<GameRow> SpellbotStore::game(int64_t id) const {
  const auto rows = database().execute(
      "SELECT id, guild_xid, channel_xid, seats, format, bracket, service, started_at, metadata"
      " FROM games WHERE id = ?",
      {id});
  if (rows.empty()) return std::nullopt;
  const apiary::Row r = rows[0];
  GameRow g;
  g.id = r.int64("id");
  g.guildXid = r.int64("guild_xid");
  g.channelXid = r.int64("channel_xid");
  g.seats = r.int64("seats");
  g.format = r.int64("format");
  g.bracket = r.int64("bracket");
  g.service = r.int64("service");
  if (!r.isNull("started_at")) g.startedAtMs = TimeText::parse(r.text("started_at"));
  g.metadata = r.text("metadata");
  return g;
}

int64_t SpellbotStore::countPlays(int64_t gameId) const {
  return database().execute("SELECT COUNT(*) AS n FROM plays WHERE game_id = ?", {gameId})[0].int64(
      "n");
}

std::optional<int64_t> SpellbotStore::homePost(const GameRow& game) const {
  const auto rows = database().execute(
      "SELECT message_xid FROM posts WHERE game_id = ? AND guild_xid = ? AND channel_xid = ?"
      " ORDER BY created_at DESC LIMIT 1",
      {game.id, game.guildXid, game.channelXid});
  if (rows.empty()) return std::nullopt;
  return rows[0].int64("message_xid");
}

bool SpellbotStore::verifyPin(int64_t gameId, int64_t userXid, int64_t guildXid,
                              const std::string& pin, int64_t nowMs) const {
  const auto updated = database().execute(
      "UPDATE plays SET verified_at = ? WHERE game_id = ? AND user_xid = ? AND og_guild_xid = ?"
      " AND pin = ?",
      {TimeText::column(nowMs), gameId, userXid, guildXid, pin});
  return updated.affectedRows() > 0;
}

bool SpellbotStore::setMetadata(int64_t gameId, const std::string& json,
                                std::optional<int64_t> reportedAtMs) const {
  return database().transaction([&](apiary::Transaction& tx) {
    const auto rows = tx.execute("SELECT metadata FROM games WHERE id = ?", {gameId});
    if (rows.empty()) return false;
    if (reportedAtMs && !rows[0].isNull("metadata")) {
      const auto stored = nlohmann::json::parse(rows[0].text("metadata"), nullptr, false);
      if (stored.is_object() && stored.contains("reported_at") &&
          stored["reported_at"].is_string()) {
        const auto storedAt = TimeText::parse(stored["reported_at"].get<std::string>());
        if (storedAt && *storedAt > *reportedAtMs) return true;  // keep the newer report
      }
    }
    tx.execute("UPDATE games SET metadata = ? WHERE id = ?", {json, gameId});
    return true;
  });
}

void SpellbotStore::whereClause(const GameListQuery& q, DynamicQuery& query) const {
  query.sql(
      " FROM games LEFT JOIN guilds ON guilds.xid = games.guild_xid"
      " LEFT JOIN channels ON channels.xid = games.channel_xid"
      " WHERE EXISTS (SELECT 1 FROM posts WHERE posts.game_id = games.id"
      " AND posts.guild_xid = games.guild_xid AND posts.channel_xid = games.channel_xid)"
      " AND EXISTS (SELECT 1 FROM plays JOIN users ON users.xid = plays.user_xid"
      " WHERE plays.game_id = games.id)");
  if (q.guildXid) query.sql(" AND games.guild_xid = ?").bind(*q.guildXid);
  if (q.channelXid) query.sql(" AND games.channel_xid = ?").bind(*q.channelXid);
  if (q.playedBy)
    query
        .sql(
            " AND EXISTS (SELECT 1 FROM plays WHERE plays.game_id = games.id AND plays.user_xid = "
            "?)")
        .bind(*q.playedBy);
  if (q.withPlayerXid)
    query
        .sql(
            " AND EXISTS (SELECT 1 FROM plays WHERE plays.game_id = games.id AND plays.user_xid = "
            "?)")
        .bind(*q.withPlayerXid);
  else if (!q.withPlayerName.empty())
    query
        .sql(
            " AND EXISTS (SELECT 1 FROM plays JOIN users ON users.xid = plays.user_xid"
            " WHERE plays.game_id = games.id AND LOWER(users.name) LIKE ? ESCAPE '\\')")
        .bind(likePattern(q.withPlayerName));
  if (q.guildFilterXid)
    query.sql(" AND games.guild_xid = ?").bind(*q.guildFilterXid);
  else if (!q.guildFilterName.empty())
    query.sql(" AND LOWER(guilds.name) LIKE ? ESCAPE '\\'").bind(likePattern(q.guildFilterName));
  if (!q.formats.empty()) query.sql(" AND games.format IN ").inList(q.formats);
  if (!q.brackets.empty()) query.sql(" AND games.bracket IN ").inList(q.brackets);
  if (q.fromMs) query.sql(" AND games.updated_at >= ?").bind(TimeText::column(*q.fromMs));
  if (q.toMs) query.sql(" AND games.updated_at < ?").bind(TimeText::column(*q.toMs));
}

int64_t SpellbotStore::countGames(const GameListQuery& q) const {
  DynamicQuery query;
  query.sql("SELECT COUNT(*) AS n");
  whereClause(q, query);
  return query.run(ctx_)[0].int64("n");
}

std::vector<GameListRow> SpellbotStore::listGames(const GameListQuery& q) const {
  DynamicQuery query;
  query.sql(
      "SELECT games.id, games.guild_xid, games.channel_xid, games.seats, games.format,"
      " games.bracket, games.updated_at, games.locale, games.game_link,"
      " guilds.name AS guild_name, channels.name AS channel_name,"
      " (SELECT MAX(posts.message_xid) FROM posts WHERE posts.game_id = games.id"
      " AND posts.guild_xid = games.guild_xid AND posts.channel_xid = games.channel_xid)"
      " AS message_xid");
  whereClause(q, query);
  // The sort column comes from a fixed list, never from the request text.
  std::string column = "games.updated_at";
  if (q.sort == "id")
    column = "games.id";
  else if (q.sort == "format")
    column = "games.format";
  else if (q.sort == "seats")
    column = "games.seats";
  else if (q.sort == "bracket")
    column = "games.bracket";
  else if (q.sort == "guild_name")
    column = "guilds.name";
  query
      .sql(" ORDER BY " + column + (q.ascending ? " ASC" : " DESC") +
           ", games.id DESC LIMIT ? OFFSET ?")
      .bind(q.limit)
      .bind(q.offset);
  const auto rows = query.run(ctx_);
  std::vector<GameListRow> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const apiary::Row r = rows[i];
    GameListRow g;
    g.id = r.int64("id");
    g.guildXid = r.int64("guild_xid");
    g.channelXid = r.int64("channel_xid");
    g.seats = r.int64("seats");
    g.format = r.int64("format");
    g.bracket = r.int64("bracket");
    g.updatedAtMs = msOf(r, "updated_at");
    g.messageXid = optionalInt(r, "message_xid");
    g.locale = r.text("locale");
    g.gameLink = r.text("game_link");
    g.guildName = r.text("guild_name");
    g.channelName = r.text("channel_name");
    out.push_back(std::move(g));
  }
  return out;
}

std::map<int64_t, std::vector<UserRow>> SpellbotStore::playersOf(
    const std::vector<int64_t>& gameIds) const {
  std::map<int64_t, std::vector<UserRow>> out;
  if (gameIds.empty()) return out;
  DynamicQuery q;
  q.sql(
       "SELECT plays.game_id, users.xid, users.name FROM plays"
       " JOIN users ON users.xid = plays.user_xid WHERE plays.game_id IN ")
      .inList(gameIds)
      .sql(" ORDER BY plays.game_id, users.xid");
  const auto rows = q.run(ctx_);
  for (size_t i = 0; i < rows.size(); ++i)
    out[rows[i].int64("game_id")].push_back(UserRow{rows[i].int64("xid"), rows[i].text("name")});
  return out;
}

std::vector<ShardStatus> SpellbotStore::shardStatuses(int64_t nowMs) const {
  const auto rows = database().execute(
      "SELECT shard_id, version, latency_ms, guild_count, is_ready, last_updated"
      " FROM spellbot_shard_status WHERE expires_at_ms > ? ORDER BY shard_id, version",
      {nowMs});
  std::vector<ShardStatus> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    ShardStatus s;
    s.shardId = rows[i].int64("shard_id");
    s.version = rows[i].text("version");
    if (!rows[i].isNull("latency_ms")) s.latencyMs = rows[i].real("latency_ms");
    s.guildCount = rows[i].int64("guild_count");
    s.isReady = rows[i].int64("is_ready") != 0;
    s.lastUpdated = rows[i].text("last_updated");
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<ShardMetadata> SpellbotStore::shardMetadata(int64_t nowMs) const {
  const auto rows = database().execute(
      "SELECT version, shard_count, total_guilds, last_updated FROM spellbot_shard_metadata"
      " WHERE id = 1 AND expires_at_ms > ?",
      {nowMs});
  if (rows.empty()) return std::nullopt;
  ShardMetadata m;
  if (!rows[0].isNull("version")) m.version = rows[0].text("version");
  m.shardCount = rows[0].int64("shard_count");
  m.totalGuilds = rows[0].int64("total_guilds");
  if (!rows[0].isNull("last_updated")) m.lastUpdated = rows[0].text("last_updated");
  return m;
}

void SpellbotStore::writeHeartbeat(const ShardStatus& s, int64_t expiresAtMs) const {
  // is_ready is BOOLEAN: PostgreSQL has no implicit bigint -> boolean cast, so the bound 0/1
  // becomes a comparison (SQLite stores the comparison's 0/1 as before).
  database().execute(
      "INSERT INTO spellbot_shard_status (shard_id, version, latency_ms, guild_count, is_ready,"
      " last_updated, expires_at_ms) VALUES (?, ?, ?, ?, (? <> 0), ?, ?)"
      " ON CONFLICT (shard_id, version) DO UPDATE SET latency_ms = excluded.latency_ms,"
      " guild_count = excluded.guild_count, is_ready = excluded.is_ready,"
      " last_updated = excluded.last_updated, expires_at_ms = excluded.expires_at_ms",
      {s.shardId, s.version, s.latencyMs ? apiary::Value(*s.latencyMs) : apiary::Value(nullptr),
       s.guildCount, s.isReady, s.lastUpdated, expiresAtMs});
}

void SpellbotStore::writeMetadata(const ShardMetadata& m, int64_t expiresAtMs) const {
  database().execute(
      "INSERT INTO spellbot_shard_metadata (id, version, shard_count, total_guilds, last_updated,"
      " expires_at_ms) VALUES (1, ?, ?, ?, ?, ?)"
      " ON CONFLICT (id) DO UPDATE SET version = excluded.version,"
      " shard_count = excluded.shard_count, total_guilds = excluded.total_guilds,"
      " last_updated = excluded.last_updated, expires_at_ms = excluded.expires_at_ms",
      {m.version ? apiary::Value(*m.version) : apiary::Value(nullptr), m.shardCount, m.totalGuilds,
       m.lastUpdated ? apiary::Value(*m.lastUpdated) : apiary::Value(nullptr), expiresAtMs});
}

}  // namespace spellbot
