#include "GamePages.hpp"

#include "GameLabels.hpp"
#include "HtmlWriter.hpp"
#include "PythonSemantics.hpp"
#include "Replies.hpp"
#include "RequestParams.hpp"
#include "TimeText.hpp"

#include <algorithm>

namespace spellbot {

struct GamePages::View {
  Kind kind = Kind::Channel;
  std::string path;
  int64_t page = 0, pageSize = 10;
  GameListQuery query;
  std::vector<std::pair<std::string, std::string>> echo;  // filters to keep in links
  std::string title, heading, subheading;
  std::optional<int64_t> timezoneOffset;  // minutes west of UTC, non-zero
  std::string timezoneName;
  std::vector<GameListRow> rows;
  std::map<int64_t, std::vector<UserRow>> players;
  int64_t total = 0;
  std::string selectedFormat, selectedBracket;
};

namespace {

apiary::Response notFound() { return apiary::Response(404); }

std::optional<int64_t> intParam(const apiary::Request& request, std::string_view name) {
  const PyInt v = PythonSemantics::intOf(request.param(name).value_or(""));
  if (!v.ok || !v.fits) return std::nullopt;  // a huge id names nothing: 404 as a missing row
  return v.value;
}

std::string link(std::string_view href, std::string_view text) {
  return "<a href=\"" + HtmlWriter::escape(href) + "\">" + HtmlWriter::escape(text) + "</a>";
}

std::string pageUrl(const std::string& path, const std::vector<std::pair<std::string, std::string>>& echo,
                    int64_t page) {
  std::string url = path + "?page=" + std::to_string(page);
  for (const auto& [k, v] : echo) url += "&" + HtmlWriter::urlEncode(k) + "=" + HtmlWriter::urlEncode(v);
  return url;
}

std::string timeCell(int64_t ms, const std::optional<int64_t>& offset, const std::string& zone) {
  if (offset && !zone.empty())
    return "<td class=\"time\">" + HtmlWriter::escape(TimeText::longFormat(ms, *offset, zone)) + "</td>";
  // Epoch milliseconds as a float, formatted by the page's script (upstream's raw value).
  return "<td class=\"timestamp\">" + std::to_string(ms) + ".0</td>";
}

std::vector<int64_t> intList(const std::vector<std::string>& values) {
  std::vector<int64_t> out;
  for (const auto& value : values) {
    std::string_view rest = value;
    while (true) {
      const size_t comma = rest.find(',');
      const PyInt v = PythonSemantics::intOf(rest.substr(0, comma));
      if (v.ok && v.fits && std::find(out.begin(), out.end(), v.value) == out.end())
        out.push_back(v.value);
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
    }
  }
  return out;
}

constexpr std::string_view kScript = R"JS(<script>
(function () {
  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }
  var offset = new Date().getTimezoneOffset();
  var zone = '';
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) {}
  if (cookie('timezone_offset') !== String(offset) || cookie('timezone_name') !== zone) {
    document.cookie = 'timezone_offset=' + offset + '; path=/; SameSite=Lax';
    document.cookie = 'timezone_name=' + encodeURIComponent(zone) + '; path=/; SameSite=Lax';
    if (offset !== 0 && zone && !sessionStorage.getItem('spellbot_tz')) {
      sessionStorage.setItem('spellbot_tz', '1');
      location.reload();
      return;
    }
  }
  document.querySelectorAll('td.timestamp').forEach(function (td) {
    var ms = parseFloat(td.textContent);
    if (!isNaN(ms)) td.textContent = new Date(ms).toLocaleString();
  });
  var button = document.getElementById('export');
  if (button) button.addEventListener('click', function () {
    var rows = [];
    document.querySelectorAll('table.records tr').forEach(function (tr) {
      var cells = [];
      tr.querySelectorAll('th,td').forEach(function (c) {
        cells.push('"' + c.innerText.replace(/"/g, '""').replace(/\n/g, ', ') + '"');
      });
      rows.push(cells.join(','));
    });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([rows.join('\n')], {type: 'text/csv'}));
    a.download = 'spellbot-games.csv';
    a.click();
  });
})();
</script>
)JS";

}  // namespace

void GamePages::add(apiary::Router& router) {
  router.get("/g/{guild}/c/{channel}", [this](const apiary::Request& r) { return channelPage(r); },
             "Games played in a channel (HTML)");
  router.get("/g/{guild}/u/{user}", [this](const apiary::Request& r) { return guildUserPage(r); },
             "Games a user played in a guild (HTML)");
  router.get("/u/{user}", [this](const apiary::Request& r) { return userPage(r); },
             "Games a user played in every guild (HTML)");
}

bool GamePages::readQuery(const apiary::Request& request, Kind kind, View& view) const {
  view.kind = kind;
  view.path = std::string(request.path());
  view.pageSize = kind == Kind::Channel ? kChannelPageSize : kUserPageSize;
  const auto pairs = RequestParams::query(request.queryString());
  if (const auto page = request.query("page")) {
    const PyInt p = PythonSemantics::intOf(*page);
    if (!p.ok) return false;
    view.page = p.fits ? std::max<int64_t>(0, p.value) : (p.value < 0 ? 0 : 1000000000);
    view.page = std::min<int64_t>(view.page, 1000000000);  // keeps OFFSET in range
  }
  const auto cookies = RequestParams::cookies(request);
  int64_t offset = 0;
  if (auto it = cookies.find("timezone_offset"); it != cookies.end()) {
    const PyInt v = PythonSemantics::intOf(std::string_view(it->second));
    if (v.ok && v.fits && v.value > -1440 && v.value < 1440) offset = v.value;
  }
  if (auto it = cookies.find("timezone_name"); it != cookies.end()) view.timezoneName = it->second;
  if (offset != 0 && !view.timezoneName.empty()) view.timezoneOffset = offset;

  GameListQuery& q = view.query;
  auto keep = [&](const char* key, const std::string& value) {
    if (!value.empty()) view.echo.emplace_back(key, value);
  };
  if (const auto p = request.query("with_player"); p && !p->empty()) {
    const PyInt xid = PythonSemantics::intOf(*p);
    if (xid.ok && xid.fits) q.withPlayerXid = xid.value;
    else if (xid.ok) q.withPlayerXid = -1;  // a huge id plays nothing
    else q.withPlayerName = std::string(*p);
    keep("with_player", std::string(*p));
  }
  if (kind == Kind::User) {
    if (const auto g = request.query("guild"); g && !g->empty()) {
      const PyInt xid = PythonSemantics::intOf(*g);
      if (xid.ok) q.guildFilterXid = xid.fits ? xid.value : -1;
      else q.guildFilterName = std::string(*g);
      keep("guild", std::string(*g));
    }
  }
  q.formats = intList(RequestParams::all(pairs, "formats"));
  q.brackets = intList(RequestParams::all(pairs, "brackets"));
  for (int64_t f : q.formats) keep("formats", std::to_string(f));
  for (int64_t b : q.brackets) keep("brackets", std::to_string(b));
  if (q.formats.size() == 1) view.selectedFormat = std::to_string(q.formats[0]);
  if (q.brackets.size() == 1) view.selectedBracket = std::to_string(q.brackets[0]);
  if (const auto from = request.query("from")) {
    if (auto ms = TimeText::localDate(*from, offset)) {
      q.fromMs = *ms;
      keep("from", std::string(*from));
    }
  }
  if (const auto to = request.query("to")) {
    if (auto ms = TimeText::localDate(*to, offset)) {
      q.toMs = *ms + 86400000;  // through the end of that local day
      keep("to", std::string(*to));
    }
  }
  const std::string sort(request.query("sort").value_or(""));
  const bool sortable = sort == "id" || sort == "updated_at" || sort == "format" ||
                        sort == "seats" || sort == "bracket" ||
                        (sort == "guild_name" && kind == Kind::User);
  if (sortable) {
    q.sort = sort;
    keep("sort", sort);
  }
  if (request.query("dir").value_or("") == "asc") {
    q.ascending = true;
    keep("dir", "asc");
  }
  q.limit = view.pageSize;
  q.offset = view.page * view.pageSize;
  return true;
}

apiary::Response GamePages::channelPage(const apiary::Request& request) const {
  const auto guildXid = intParam(request, "guild");
  const auto channelXid = intParam(request, "channel");
  if (!guildXid || !channelXid) return notFound();
  View view;
  if (!readQuery(request, Kind::Channel, view)) return notFound();
  const auto guild = store_.guild(*guildXid);
  const auto channel = store_.channel(*channelXid);
  if (!guild || !channel) return notFound();
  view.query.guildXid = *guildXid;
  view.query.channelXid = *channelXid;
  view.title = "#" + channel->name + " games";
  view.heading = "#" + (channel->name.empty() ? std::to_string(channel->xid) : channel->name);
  view.subheading = guild->name;
  view.total = store_.countGames(view.query);
  view.rows = store_.listGames(view.query);
  std::vector<int64_t> ids;
  for (const auto& r : view.rows) ids.push_back(r.id);
  view.players = store_.playersOf(ids);
  return htmlReply(200, render(view));
}

apiary::Response GamePages::guildUserPage(const apiary::Request& request) const {
  const auto guildXid = intParam(request, "guild");
  const PyInt userXid = PythonSemantics::intOf(request.param("user").value_or(""));
  if (!guildXid || !userXid.ok) return notFound();
  View view;
  if (!readQuery(request, Kind::GuildUser, view)) return notFound();
  const auto guild = store_.guild(*guildXid);
  if (!guild) return notFound();
  // An unknown user is an empty table, not a 404 (upstream's classic page).
  const auto user = userXid.fits ? store_.user(userXid.value) : std::nullopt;
  view.query.guildXid = *guildXid;
  view.query.playedBy = userXid.fits ? userXid.value : -1;
  const std::string name = user ? user->name : "Unknown User";
  view.title = name + " in " + guild->name;
  view.heading = name;
  view.subheading = "Games in " + guild->name;
  view.total = store_.countGames(view.query);
  view.rows = store_.listGames(view.query);
  std::vector<int64_t> ids;
  for (const auto& r : view.rows) ids.push_back(r.id);
  view.players = store_.playersOf(ids);
  return htmlReply(200, render(view));
}

apiary::Response GamePages::userPage(const apiary::Request& request) const {
  const auto userXid = intParam(request, "user");
  if (!userXid) return notFound();
  View view;
  if (!readQuery(request, Kind::User, view)) return notFound();
  const auto user = store_.user(*userXid);
  if (!user) return notFound();
  view.query.playedBy = *userXid;
  view.title = user->name + "'s games";
  view.heading = user->name;
  view.subheading = "Games in every server";
  view.total = store_.countGames(view.query);
  view.rows = store_.listGames(view.query);
  std::vector<int64_t> ids;
  for (const auto& r : view.rows) ids.push_back(r.id);
  view.players = store_.playersOf(ids);
  return htmlReply(200, render(view));
}

std::string GamePages::render(const View& view) const {
  HtmlWriter page("SpellBot · " + view.title);
  page.raw("<h1>").text(view.heading).raw(" <span class=\"count\">(")
      .text(std::to_string(view.total)).raw(" matching)</span></h1>\n<p class=\"muted\">")
      .text(view.subheading).raw("</p>\n");

  // Filters: a plain GET form, so every state is a shareable URL.
  const GameListQuery& q = view.query;
  auto option = [&](const std::string& value, const std::string& label, bool selected) {
    page.raw("<option value=\"").text(value).raw(selected ? "\" selected>" : "\">").text(label)
        .raw("</option>");
  };
  std::string withPlayer = q.withPlayerName;
  if (q.withPlayerXid && *q.withPlayerXid >= 0) withPlayer = std::to_string(*q.withPlayerXid);
  page.raw("<form class=\"filters\" method=\"get\" action=\"").text(view.path).raw("\">")
      .raw("<label>Player<input name=\"with_player\" placeholder=\"name or ID\" value=\"")
      .text(withPlayer).raw("\"></label>");
  if (view.kind == Kind::User) {
    std::string guild = q.guildFilterName;
    if (q.guildFilterXid && *q.guildFilterXid >= 0) guild = std::to_string(*q.guildFilterXid);
    page.raw("<label>Server<input name=\"guild\" placeholder=\"name or ID\" value=\"").text(guild)
        .raw("\"></label>");
  }
  page.raw("<label>Format<select name=\"formats\">");
  option("", "Any format", view.selectedFormat.empty());
  for (const auto& [value, label] : GameLabels::formats())
    option(std::to_string(value), label, view.selectedFormat == std::to_string(value));
  page.raw("</select></label><label>Bracket<select name=\"brackets\">");
  option("", "Any bracket", view.selectedBracket.empty());
  for (const auto& [value, label] : GameLabels::brackets())
    option(std::to_string(value), label, view.selectedBracket == std::to_string(value));
  page.raw("</select></label>");
  std::string from, to;
  for (const auto& [k, v] : view.echo) {
    if (k == "from") from = v;
    if (k == "to") to = v;
  }
  page.raw("<label>From<input type=\"date\" name=\"from\" value=\"").text(from)
      .raw("\"></label><label>To<input type=\"date\" name=\"to\" value=\"").text(to)
      .raw("\"></label><label>Sort<select name=\"sort\">");
  std::vector<std::pair<std::string, std::string>> sorts = {
      {"updated_at", "Time"}, {"id", "Game"}, {"format", "Format"}, {"seats", "Seats"},
      {"bracket", "Bracket"}};
  if (view.kind == Kind::User) sorts.emplace_back("guild_name", "Server");
  for (const auto& [value, label] : sorts) option(value, label, q.sort == value);
  page.raw("</select></label><label>Order<select name=\"dir\">");
  option("desc", "Newest first", !q.ascending);
  option("asc", "Oldest first", q.ascending);
  page.raw("</select></label><button type=\"submit\">Apply</button> <a class=\"button secondary\" href=\"")
      .text(view.path).raw("\">Reset</a></form>\n");

  if (view.rows.empty()) {
    page.raw("<div class=\"card empty\">")
        .text(view.kind == Kind::Channel ? "No games found for this channel."
                                         : "No games found for this user.")
        .raw("</div>\n");
  } else {
    page.raw("<table class=\"records\">\n<thead><tr><th>Game</th><th>Time</th>");
    if (view.kind != Kind::Channel) page.raw("<th>Server</th><th>Channel</th>");
    page.raw("<th>Format</th><th>Seats</th><th>Bracket</th><th>Locale</th>");
    if (view.kind == Kind::Channel)
      page.raw("<th>User Name</th><th>User ID</th>");
    else
      page.raw("<th>Players</th>");
    page.raw("<th>Link</th></tr></thead>\n<tbody>\n");
    static const std::vector<UserRow> kNone;
    for (const auto& g : view.rows) {
      const std::string post =
          "https://discordapp.com/channels/" + std::to_string(g.guildXid) + "/" +
          std::to_string(g.channelXid) + (g.messageXid ? "/" + std::to_string(*g.messageXid) : "");
      std::string gameCells = "<td>" + link(post, "SB#" + std::to_string(g.id)) + "</td>" +
                              timeCell(g.updatedAtMs, view.timezoneOffset, view.timezoneName);
      if (view.kind != Kind::Channel) {
        gameCells += "<td>" +
                     link("https://discord.com/channels/" + std::to_string(g.guildXid),
                          g.guildName.empty() ? std::to_string(g.guildXid) : g.guildName) +
                     "</td><td>" +
                     link("/g/" + std::to_string(g.guildXid) + "/c/" + std::to_string(g.channelXid),
                          "#" + (g.channelName.empty() ? std::to_string(g.channelXid) : g.channelName)) +
                     "</td>";
      }
      gameCells += "<td>" + HtmlWriter::escape(GameLabels::format(g.format)) + "</td><td>" +
                   std::to_string(g.seats) + "</td><td>" +
                   HtmlWriter::escape(GameLabels::bracket(g.bracket)) + "</td><td>" +
                   HtmlWriter::escape(g.locale) + "</td>";
      const std::string linkCell =
          "<td>" + (g.gameLink.empty() || (g.gameLink.rfind("http://", 0) != 0 &&
                                           g.gameLink.rfind("https://", 0) != 0)
                        ? std::string()
                        : link(g.gameLink, "Open in SpellTable")) +
          "</td>";
      auto it = view.players.find(g.id);
      const auto& players = it == view.players.end() ? kNone : it->second;
      if (view.kind == Kind::Channel) {
        bool first = true;
        for (const auto& p : players) {
          page.raw(first ? "<tr class=\"first\">" : "<tr>").raw(gameCells).raw("<td>")
              .raw(link("/u/" + std::to_string(p.xid), p.name.empty() ? "Unknown User" : p.name))
              .raw("</td><td class=\"id\">").text(std::to_string(p.xid)).raw("</td>").raw(linkCell)
              .raw("</tr>\n");
          first = false;
        }
      } else {
        page.raw("<tr class=\"first\">").raw(gameCells).raw("<td><ul class=\"players\">");
        for (const auto& p : players)
          page.raw("<li title=\"ID ").text(std::to_string(p.xid)).raw("\">")
              .raw(link("/u/" + std::to_string(p.xid), p.name.empty() ? "Unknown User" : p.name))
              .raw("</li>");
        page.raw("</ul></td>").raw(linkCell).raw("</tr>\n");
      }
    }
    page.raw("</tbody>\n</table>\n");
  }

  const int64_t pages = std::max<int64_t>(1, (view.total + view.pageSize - 1) / view.pageSize);
  page.raw("<div class=\"pager\">");
  if (view.page > 0)
    page.raw("<a class=\"button secondary\" rel=\"prev\" href=\"")
        .text(pageUrl(view.path, view.echo, std::min(view.page - 1, pages - 1)))
        .raw("\">Previous page</a>");
  if ((view.page + 1) * view.pageSize < view.total)
    page.raw("<a class=\"button secondary\" rel=\"next\" href=\"")
        .text(pageUrl(view.path, view.echo, view.page + 1)).raw("\">Next page</a>");
  page.raw("<span class=\"muted\">Page ").text(std::to_string(view.page + 1)).raw(" of ")
      .text(std::to_string(pages)).raw("</span>");
  if (!view.rows.empty()) page.raw("<button id=\"export\" type=\"button\">Export to spreadsheet</button>");
  page.raw("</div>\n");
  return page.finish(kScript);
}

}  // namespace spellbot
