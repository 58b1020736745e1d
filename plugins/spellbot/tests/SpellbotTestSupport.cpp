#include "SpellbotTestSupport.hpp"

#include "TimeText.hpp"

namespace spellbot::test {

using apiary::AuthOutcome;
using apiary::testing::FakeAuthRequest;
using apiary::testing::FakeAuthResult;

apiary::testing::FakeHost makeHost(const std::string& config) {
  auto host = apiary::testing::FakeHost::load<SpellbotPlugin>(config, "spellbot");
  host.addAuthenticator("bearer:spellbot", [](const FakeAuthRequest& r, FakeAuthResult& out) {
    const auto header = r.header("Authorization");
    if (!header || header->rfind("Bearer ", 0) != 0 || header->size() == 7)
      return AuthOutcome::NoCredentials;
    const std::string token = header->substr(7);
    if (token == "good") out.scopes = {"game"};
    else if (token == "star") out.scopes = {"*"};
    else if (token == "other") out.scopes = {"other"};
    else return AuthOutcome::Invalid;
    out.principal = "token:" + token;
    return AuthOutcome::Ok;
  });
  return host;
}

Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::string minutesAgo(int64_t minutes) {
  return TimeText::column(1767225600000 - minutes * 60000);
}

Json parse(const std::string& body) { return Json::parse(body); }

void seed(apiary::testing::FakeHost& host) {
  const std::string t = "'" + minutesAgo(600) + "'";
  auto at = [](int64_t m) { return "'" + minutesAgo(m) + "'"; };
  host.sql("INSERT INTO guilds (xid, created_at, updated_at, name, locale, icon, enable_mythic_track) VALUES"
           " (1, " + t + ", " + t + ", 'Guild One', 'en', 'https://cdn.discordapp.com/icons/1/abc.png', TRUE),"
           " (2, " + t + ", " + t + ", 'Guild <Two> & \"Co\"', 'ja', NULL, FALSE)");
  host.sql("INSERT INTO guilds (xid, created_at, updated_at, name, banned) VALUES (3, " + t + ", " + t +
           ", 'Banned', TRUE)");
  host.sql("INSERT INTO guilds (xid, created_at, updated_at, name, promote) VALUES (4, " + t + ", " + t +
           ", 'Hidden', FALSE)");
  host.sql("INSERT INTO channels (xid, created_at, updated_at, guild_xid, name) VALUES"
           " (10, " + t + ", " + t + ", 1, 'general'),"
           " (20, " + t + ", " + t + ", 2, '<script>alert(1)</script>'),"
           " (30, " + t + ", " + t + ", 3, 'banned'), (40, " + t + ", " + t + ", 4, 'hidden')");
  host.sql("INSERT INTO users (xid, created_at, updated_at, name) VALUES"
           " (100, " + t + ", " + t + ", 'Alice'), (101, " + t + ", " + t + ", 'Bob'),"
           " (102, " + t + ", " + t + ", 'Carol'), (103, " + t + ", " + t + ", 'Dave <b>bold</b>'),"
           " (104, " + t + ", " + t + ", 'Émile 🐉')");
  // id, guild, channel, created, updated, started, deleted
  host.sql("INSERT INTO games (id, created_at, updated_at, started_at, deleted_at, guild_xid, channel_xid,"
           " seats, status, format, bracket, service, game_link) VALUES"
           " (1, " + at(40) + ", " + at(30) + ", " + at(30) + ", NULL, 1, 10, 4, 2, 1, 4, 9, 'https://spelltable.example/1'),"
           " (2, " + at(10) + ", " + at(10) + ", NULL, NULL, 2, 20, 4, 1, 4, 1, 2, NULL),"
           " (3, " + at(5) + ", " + at(5) + ", NULL, NULL, 1, 10, 4, 1, 1, 1, 9, NULL),"
           " (4, " + at(8) + ", " + at(8) + ", NULL, NULL, 3, 30, 4, 1, 1, 1, 9, NULL),"
           " (5, " + at(60) + ", " + at(60) + ", " + at(60) + ", NULL, 4, 40, 4, 2, 1, 1, 9, NULL),"
           " (6, " + at(200) + ", " + at(180) + ", " + at(180) + ", NULL, 1, 10, 2, 2, 99, 1, 9, NULL),"
           " (7, " + at(70) + ", " + at(60) + ", " + at(60) + ", " + at(50) + ", 2, 20, 4, 2, 1, 1, 9, NULL),"
           " (8, " + at(20) + ", " + at(20) + ", NULL, NULL, 1, 10, 2, 1, 21, 6, 12, NULL),"
           " (9, " + at(90) + ", " + at(90) + ", NULL, NULL, 1, 10, 2, 1, 1, 1, 9, NULL)");
  host.sql("INSERT INTO plays (user_xid, game_id, og_guild_xid, pin, created_at, updated_at) VALUES"
           " (100, 1, 1, '111100', " + t + ", " + t + "), (101, 1, 1, '111101', " + t + ", " + t + "),"
           " (102, 1, 2, '111102', " + t + ", " + t + "), (103, 1, 1, '111103', " + t + ", " + t + "),"
           " (100, 6, 1, '222200', " + t + ", " + t + "), (104, 6, 1, '222204', " + t + ", " + t + "),"
           " (100, 9, 1, '333300', " + t + ", " + t + "), (101, 9, 1, '333301', " + t + ", " + t + ")");
  host.sql("INSERT INTO queues (user_xid, game_id, og_guild_xid) VALUES (100, 2, 2), (101, 2, 2),"
           " (102, 4, 3), (104, 8, 1)");
  host.sql("INSERT INTO posts (game_id, guild_xid, channel_xid, message_xid, created_at, updated_at) VALUES"
           " (1, 1, 10, 5001, " + at(30) + ", " + at(30) + "),"
           " (2, 2, 20, 5000, " + at(10) + ", " + at(10) + "), (2, 2, 20, 5002, " + at(9) + ", " + at(9) + "),"
           " (6, 1, 10, 5006, " + at(180) + ", " + at(180) + "), (9, 1, 10, 5009, " + at(90) + ", " + at(90) + ")");
}

}  // namespace spellbot::test
