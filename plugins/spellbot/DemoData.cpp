#include "DemoData.hpp"

#include "TimeText.hpp"

namespace spellbot {
namespace {

struct DemoUser {
  int64_t xid;
  const char* name;
};

constexpr int64_t kLeague = 980001, kCafe = 980002, kHidden = 980003;
constexpr int64_t kLeagueLfg = 980101, kLeagueModern = 980102, kCafeLfg = 980201, kHiddenLfg = 980301;

constexpr DemoUser kUsers[] = {
    {1001, "Jace"},    {1002, "Chandra"},    {1003, "Liliana"},     {1004, "Gideon"},
    {1005, "Nissa"},   {1006, "Ajani"},      {1007, "Teferi 🕰"},   {1008, "Ugin <the Spirit Dragon>"},
    {1009, "Karn"},    {1010, "Sorin"},      {1011, "Élodie"},      {1012, "Nahiri"}};

}  // namespace

void DemoData::seed() const {
  if (!store_.database().execute("SELECT xid FROM guilds LIMIT 1").empty()) return;
  const int64_t now = clock_.wallMs();
  auto at = [&](int64_t minutesAgo) { return TimeText::column(now - minutesAgo * 60000); };
  store_.database().transaction([&](apiary::Transaction& tx) {
    const std::string t = at(0);
    tx.execute("INSERT INTO guilds (xid, created_at, updated_at, name, enable_mythic_track, locale, icon)"
               " VALUES (?, ?, ?, 'Commander League', TRUE, 'en', NULL)", {kLeague, t, t});
    tx.execute("INSERT INTO guilds (xid, created_at, updated_at, name, locale)"
               " VALUES (?, ?, ?, 'Café des Planeswalkers', 'fr')", {kCafe, t, t});
    tx.execute("INSERT INTO guilds (xid, created_at, updated_at, name, promote)"
               " VALUES (?, ?, ?, 'Private Playgroup', FALSE)", {kHidden, t, t});
    const std::pair<int64_t, int64_t> channels[] = {
        {kLeagueLfg, kLeague}, {kLeagueModern, kLeague}, {kCafeLfg, kCafe}, {kHiddenLfg, kHidden}};
    const char* channelNames[] = {"lfg-commander", "lfg-modern", "cherche-partie", "games"};
    for (size_t i = 0; i < 4; ++i)
      tx.execute("INSERT INTO channels (xid, created_at, updated_at, guild_xid, name) VALUES (?, ?, ?, ?, ?)",
                 {channels[i].first, t, t, channels[i].second, channelNames[i]});
    for (const auto& u : kUsers)
      tx.execute("INSERT INTO users (xid, created_at, updated_at, name) VALUES (?, ?, ?, ?)",
                 {u.xid, t, t, u.name});

    int64_t message = 990000;
    // Played games: (guild, channel, format, bracket, seats, minutes ago, players...)
    struct Played {
      int64_t guild, channel, format, bracket, seats, minutesAgo;
      std::vector<int64_t> players;
    };
    std::vector<Played> played = {
        {kLeague, kLeagueLfg, 1, 4, 4, 20, {1001, 1002, 1003, 1004}},
        {kLeague, kLeagueModern, 4, 1, 2, 45, {1005, 1006}},
        {kCafe, kCafeLfg, 1, 3, 4, 70, {1007, 1008, 1011, 1012}},
        {kHidden, kHiddenLfg, 1, 1, 4, 30, {1009, 1010, 1001, 1002}},
    };
    for (int i = 0; i < 14; ++i)  // history for the channel pages (more than one page)
      played.push_back({kLeague, kLeagueLfg, (i % 3 == 0) ? 21 : 1, 1 + i % 6, 4,
                        180 + i * 300, {1001 + i % 4, 1005 + i % 4, 1009 + i % 3, 1012}});
    int pin = 111111;
    for (const auto& p : played) {
      const std::string when = at(p.minutesAgo);
      const int64_t id = tx.execute(
          "INSERT INTO games (created_at, updated_at, started_at, guild_xid, channel_xid, seats,"
          " status, format, bracket, service, game_link) VALUES (?, ?, ?, ?, ?, ?, 2, ?, ?, 9, ?)"
          " RETURNING id",
          {at(p.minutesAgo + 10), when, when, p.guild, p.channel, p.seats, p.format, p.bracket,
           "https://convoke.games/demo/" + std::to_string(message)})[0].int64("id");
      tx.execute("INSERT INTO posts (game_id, guild_xid, channel_xid, message_xid, created_at, updated_at)"
                 " VALUES (?, ?, ?, ?, ?, ?)", {id, p.guild, p.channel, ++message, when, when});
      for (int64_t user : p.players)
        tx.execute("INSERT INTO plays (user_xid, game_id, og_guild_xid, pin, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_xid, game_id) DO NOTHING",
                   {user, id, p.guild, std::to_string(pin++), when, when});
    }
    // Pending queues: (guild, channel, format, bracket, seats, minutes waiting, queued players)
    const Played pending[] = {
        {kLeague, kLeagueLfg, 1, 4, 4, 8, {1005, 1006}},
        {kCafe, kCafeLfg, 1, 1, 4, 3, {1003}},
        {kLeague, kLeagueModern, 4, 1, 2, 15, {1010}},
        {kLeague, kLeagueLfg, 21, 6, 4, 1, {}},  // nobody queued: not listed
    };
    for (const auto& p : pending) {
      const int64_t id = tx.execute(
          "INSERT INTO games (created_at, updated_at, guild_xid, channel_xid, seats, status,"
          " format, bracket, service) VALUES (?, ?, ?, ?, ?, 1, ?, ?, 9) RETURNING id",
          {at(p.minutesAgo), at(p.minutesAgo), p.guild, p.channel, p.seats, p.format, p.bracket})[0]
                               .int64("id");
      tx.execute("INSERT INTO posts (game_id, guild_xid, channel_xid, message_xid, created_at, updated_at)"
                 " VALUES (?, ?, ?, ?, ?, ?)", {id, p.guild, p.channel, ++message, at(p.minutesAgo),
                                                 at(p.minutesAgo)});
      for (int64_t user : p.players)
        tx.execute("INSERT INTO queues (user_xid, game_id, og_guild_xid) VALUES (?, ?, ?)",
                   {user, id, p.guild});
    }
  });
  log_.info("demo data: 3 guilds, 12 players, 18 played games, 3 open queues");
}

void DemoData::ensureToken(const apiary::CredentialStore& credentials, const std::string& realm) const {
  for (const auto& c : credentials.list(realm))
    if (c.note == kTokenNote && c.revokedMs == 0) return;
  apiary::CredentialSpec spec;
  spec.realm = realm;
  spec.subject = "demo";
  spec.kind = apiary::CredentialKind::Token;
  spec.scopes = {"game"};
  spec.note = kTokenNote;
  const auto issued = credentials.issue(spec);
  // Printed once, by request of the quick start; only its hash is stored.
  log_.warning("demo API token (scope game, shown once): " + issued.secret);
}

void DemoData::heartbeat() const {
  const int64_t now = clock_.wallMs();
  const int64_t expires = now + 120000;  // upstream's TTL
  for (int64_t shard = 0; shard < 2; ++shard) {
    ShardStatus s;
    s.shardId = shard;
    s.latencyMs = shard == 0 ? 42.37 : 87.1;
    s.guildCount = shard == 0 ? 2 : 1;
    s.isReady = true;
    s.lastUpdated = TimeText::iso(now);
    s.version = "demo";
    store_.writeHeartbeat(s, expires);
  }
  ShardMetadata m;
  m.version = "demo";
  m.shardCount = 2;
  m.totalGuilds = 3;
  m.lastUpdated = TimeText::iso(now);
  store_.writeMetadata(m, expires);
}

}  // namespace spellbot
