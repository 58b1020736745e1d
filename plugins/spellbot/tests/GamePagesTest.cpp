#include "HtmlWriter.hpp"
#include "SpellbotTestSupport.hpp"

namespace spellbot::test {
namespace {

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

TEST(HtmlWriterTest, EscapesEverythingThatMatters) {
  EXPECT_EQ(HtmlWriter::escape(R"(<a href="x" onclick='y'>&</a>)"),
            "&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(HtmlWriter::urlEncode("a b/é"), "a%20b%2F%C3%A9");
}

TEST(ChannelPage, ListsGamesWithOneRowPerPlayer) {
  auto host = makeHost();
  seed(host);
  const auto r = host.call("GET", "/g/1/c/10");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  // Games 1 and 6 have a post and players; 3 and 8 have none (hidden); 9 has a post and plays.
  EXPECT_NE(r.body.find("(3 matching)"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"https://discordapp.com/channels/1/10/5001\">SB#1</a>"), std::string::npos);
  EXPECT_NE(r.body.find("<td class=\"timestamp\">1767223800000.0</td>"), std::string::npos);
  EXPECT_NE(r.body.find("Open in SpellTable"), std::string::npos);
  EXPECT_NE(r.body.find("<td class=\"id\">103</td>"), std::string::npos);
  EXPECT_NE(r.body.find("Dave &lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(r.body.find("<b>bold</b>"), std::string::npos);
  EXPECT_NE(r.body.find("Émile 🐉"), std::string::npos);
  EXPECT_NE(r.body.find(">Unknown</td>"), std::string::npos);  // format 99
  EXPECT_EQ(r.body.find("rel=\"next\""), std::string::npos);     // one page only
  EXPECT_EQ(r.body.find("rel=\"prev\""), std::string::npos);
  // Newest first: game 1 (30 min ago) before 9 (90) before 6 (180).
  EXPECT_LT(r.body.find("SB#1<"), r.body.find("SB#9<"));
  EXPECT_LT(r.body.find("SB#9<"), r.body.find("SB#6<"));
}

TEST(ChannelPage, NamesAreEscapedEverywhere) {
  auto host = makeHost();
  seed(host);
  host.sql("INSERT INTO games (id, created_at, updated_at, started_at, guild_xid, channel_xid, seats,"
           " game_link) VALUES (50, '2025-12-31 00:00:00', '2025-12-31 00:00:00', '2025-12-31 00:00:00',"
           " 2, 20, 2, 'javascript:alert(1)')");
  host.sql("INSERT INTO plays (user_xid, game_id, og_guild_xid, created_at, updated_at) VALUES"
           " (103, 50, 2, '2025-12-31', '2025-12-31')");
  host.sql("INSERT INTO posts VALUES (50, 2, 20, 1, '2025-12-31', '2025-12-31')");
  const auto r = host.call("GET", "/g/2/c/20?with_player=%3Cscript%3E");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(r.body.find("#&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(r.body.find("Guild &lt;Two&gt; &amp; &quot;Co&quot;"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"&lt;script&gt;\""), std::string::npos);
  EXPECT_EQ(r.body.find("javascript:alert"), std::string::npos);  // only http(s) game links
  EXPECT_NE(r.body.find("No games found for this channel."), std::string::npos);
  EXPECT_EQ(host.call("GET", "/g/2/c/20").body.find("javascript:alert"), std::string::npos);
}

TEST(ChannelPage, NotFoundRules) {
  auto host = makeHost();
  seed(host);
  for (const char* target : {"/g/x/c/10", "/g/1/c/x", "/g/999/c/10", "/g/1/c/999", "/g/1/c/10?page=x",
                             "/g/1/c/10?page=1.5", "/g/99999999999999999999/c/10"}) {
    const auto r = host.call("GET", target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body, "") << target;
  }
  // Channel ownership is not checked (upstream); negative pages clamp to 0.
  EXPECT_EQ(host.call("GET", "/g/2/c/10").status, 200);
  EXPECT_NE(host.call("GET", "/g/1/c/10?page=-3").body.find("SB#1<"), std::string::npos);
  EXPECT_EQ(host.call("GET", "/g/1/c/10?page=99999999999999999999").status, 200);
}

TEST(ChannelPage, PaginatesTenGamesAndKeepsFilters) {
  auto host = makeHost();
  seed(host);
  for (int i = 0; i < 12; ++i) {
    const std::string id = std::to_string(100 + i);
    const std::string when = "'" + minutesAgo(1000 + i) + "'";
    host.sql("INSERT INTO games (id, created_at, updated_at, started_at, guild_xid, channel_xid, seats, format)"
             " VALUES (" + id + ", " + when + ", " + when + ", " + when + ", 1, 10, 4, " + (i % 2 ? "4" : "1") + ")");
    host.sql("INSERT INTO plays (user_xid, game_id, og_guild_xid, created_at, updated_at) VALUES (100, " + id +
             ", 1, " + when + ", " + when + ")");
    host.sql("INSERT INTO posts VALUES (" + id + ", 1, 10, " + id + ", " + when + ", " + when + ")");
  }
  auto r = host.call("GET", "/g/1/c/10");
  EXPECT_NE(r.body.find("(15 matching)"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/g/1/c/10?page=1\">Next page"), std::string::npos);
  r = host.call("GET", "/g/1/c/10?page=1");
  EXPECT_NE(r.body.find("SB#111<"), std::string::npos);
  EXPECT_EQ(r.body.find("SB#1<"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/g/1/c/10?page=0\">Previous page"), std::string::npos);
  EXPECT_EQ(r.body.find("Next page"), std::string::npos);
  r = host.call("GET", "/g/1/c/10?formats=4&with_player=ali&sort=id&dir=asc");
  EXPECT_NE(r.body.find("(6 matching)"), std::string::npos);
  EXPECT_LT(r.body.find("SB#101<"), r.body.find("SB#103<"));
  r = host.call("GET", "/g/1/c/10?formats=1,4&formats=junk&brackets=4");
  EXPECT_NE(r.body.find("(1 matching)"), std::string::npos);  // only game 1 has bracket 4
  r = host.call("GET", "/g/1/c/10?with_player=103");
  EXPECT_NE(r.body.find("(1 matching)"), std::string::npos);
  r = host.call("GET", "/g/1/c/10?sort=drop%20table&dir=sideways");  // invalid: defaults
  EXPECT_NE(r.body.find("(15 matching)"), std::string::npos);
  r = host.call("GET", "/g/1/c/10?from=2025-12-31&to=2025-12-31");
  EXPECT_NE(r.body.find("(15 matching)"), std::string::npos);
  r = host.call("GET", "/g/1/c/10?from=2026-01-01");
  EXPECT_NE(r.body.find("(0 matching)"), std::string::npos);
  r = host.call("GET", "/g/1/c/10?from=not-a-date");
  EXPECT_NE(r.body.find("(15 matching)"), std::string::npos);
  r = host.call("GET", "/g/1/c/10?formats=4&with_player=ali");
  EXPECT_EQ(r.body.find("Next page"), std::string::npos);
}

TEST(ChannelPage, TimezoneCookiesFormatOnTheServer) {
  auto host = makeHost();
  seed(host);
  auto r = host.call("GET", "/g/1/c/10", {},
                     {{"Cookie", "timezone_offset=480; timezone_name=America%2FLos_Angeles"}});
  EXPECT_NE(r.body.find("December 31, 2025, 3:30:00 PM PST"), std::string::npos);
  for (const char* cookie : {"timezone_offset=0; timezone_name=UTC", "timezone_offset=abc; timezone_name=UTC",
                             "timezone_offset=480"}) {
    r = host.call("GET", "/g/1/c/10", {}, {{"Cookie", cookie}});
    EXPECT_NE(r.body.find("<td class=\"timestamp\">1767223800000.0</td>"), std::string::npos) << cookie;
  }
  r = host.call("GET", "/g/1/c/10", {}, {{"Cookie", "timezone_offset=60; timezone_name=<b>x</b>"}});
  EXPECT_EQ(r.body.find("<b>x</b>"), std::string::npos);
}

TEST(UserPages, GuildUserPage) {
  auto host = makeHost();
  seed(host);
  auto r = host.call("GET", "/g/1/u/100");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("(3 matching)"), std::string::npos);  // games 1, 6, 9
  EXPECT_NE(r.body.find("href=\"/g/1/c/10\">#general</a>"), std::string::npos);
  EXPECT_NE(r.body.find("title=\"ID 101\""), std::string::npos);
  EXPECT_NE(r.body.find(">Guild One</a>"), std::string::npos);
  // Unknown user: an empty table; unknown guild or bad ids: 404.
  r = host.call("GET", "/g/1/u/555");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("No games found for this user."), std::string::npos);
  EXPECT_EQ(host.call("GET", "/g/1/u/99999999999999999999").status, 200);
  EXPECT_EQ(host.call("GET", "/g/999/u/100").status, 404);
  EXPECT_EQ(host.call("GET", "/g/1/u/abc").status, 404);
}

TEST(UserPages, UserPageCoversEveryGuild) {
  auto host = makeHost();
  seed(host);
  auto r = host.call("GET", "/u/102");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("(1 matching)"), std::string::npos);
  EXPECT_EQ(host.call("GET", "/u/555").status, 404);
  EXPECT_EQ(host.call("GET", "/u/x").status, 404);
  host.sql("INSERT INTO plays (user_xid, game_id, og_guild_xid, created_at, updated_at) VALUES (100, 7, 2, '2025', '2025')");
  host.sql("INSERT INTO posts VALUES (7, 2, 20, 7, '2025-12-31', '2025-12-31')");
  EXPECT_NE(host.call("GET", "/u/100").body.find("(4 matching)"), std::string::npos);
  EXPECT_NE(host.call("GET", "/u/100?guild=2").body.find("(1 matching)"), std::string::npos);
  EXPECT_NE(host.call("GET", "/u/100?guild=two").body.find("(1 matching)"), std::string::npos);
  r = host.call("GET", "/u/100?sort=guild_name&dir=asc");
  EXPECT_GT(r.body.find(">Guild One</a>"), r.body.find(">Guild &lt;Two&gt;"));  // '<' < 'O'
  r = host.call("GET", "/u/100?sort=guild_name");
  EXPECT_LT(r.body.find(">Guild One</a>"), r.body.find(">Guild &lt;Two&gt;"));
  EXPECT_EQ(count(r.body, "<tr class=\"first\">"), 4u);
}

}  // namespace
}  // namespace spellbot::test
