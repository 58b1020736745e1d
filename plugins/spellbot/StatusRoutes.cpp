#include "StatusRoutes.hpp"

#include "HtmlWriter.hpp"
#include "Replies.hpp"
#include "TimeText.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace spellbot {
namespace {

std::string htmlWord(const std::string& indicator) {
  if (indicator == "operational") return "healthy";
  if (indicator == "degraded_performance") return "degraded";
  if (indicator == "major_outage") return "down";
  if (indicator == "maintenance") return "upgrading";
  return "unknown";
}

std::string thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// Numeric-aware version order ("10.5.0" > "9.9.9"), newest first.
bool newerVersion(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    std::string pa, pb;
    while (i < a.size() && a[i] != '.') pa += a[i++];
    while (j < b.size() && b[j] != '.') pb += b[j++];
    ++i, ++j;
    const bool na = !pa.empty() && pa.find_first_not_of("0123456789") == std::string::npos;
    const bool nb = !pb.empty() && pb.find_first_not_of("0123456789") == std::string::npos;
    if (na && nb && pa.size() < 10 && pb.size() < 10) {
      const long x = std::stol(pa), y = std::stol(pb);
      if (x != y) return x > y;
    } else if (pa != pb) {
      return pa > pb;
    }
  }
  return false;
}

}  // namespace

StatusRoutes::StatusRoutes(const SpellbotSettings& settings, SpellbotStore store,
                           apiary::Clock clock, apiary::Logger log)
    : settings_(settings), store_(store), clock_(clock), log_(log) {
  if (settings_.redis)
    redis_.emplace(*settings_.redis, static_cast<int>(settings_.redisTimeoutMs));
}

void StatusRoutes::add(apiary::Router& router) {
  router.get("/", [this](const apiary::Request& r) { return ping(r); }, "Liveness: ok");
  router.get("/health", [this](const apiary::Request& r) { return health(r); },
             "Database and Redis health");
  router.get("/status.json", [this](const apiary::Request& r) { return statusJson(r); },
             "Bot status from shard heartbeats");
  router.get("/status", [this](const apiary::Request& r) { return statusPage(r); },
             "Bot status page (HTML)");
}

StatusReport StatusRoutes::report() const {
  if (redis_) {
    std::string error;
    ShardSnapshot snapshot = redis_->read(error);
    if (!error.empty()) log_.warning("shard status from Redis unavailable: " + error);
    return StatusReport::compute(std::move(snapshot.shards), std::move(snapshot.metadata));
  }
  const int64_t now = clock_.wallMs();
  return StatusReport::compute(store_.shardStatuses(now), store_.shardMetadata(now));
}

apiary::Response StatusRoutes::ping(const apiary::Request&) const {
  return apiary::Response::text(200, "ok");
}

apiary::Response StatusRoutes::health(const apiary::Request&) const {
  nlohmann::ordered_json body;
  bool healthy = true;
  nlohmann::ordered_json database{{"status", "healthy"}};
  try {
    store_.ping();
  } catch (const std::exception& e) {
    healthy = false;
    database = {{"status", "unhealthy"}, {"error", e.what()}};
  }
  nlohmann::ordered_json redis{{"status", "disabled"}};
  if (redis_) {
    std::string error;
    if (redis_->ping(error)) {
      redis = {{"status", "healthy"}};
    } else {
      healthy = false;
      redis = {{"status", "unhealthy"}, {"error", error}};
    }
  }
  body["status"] = healthy ? "healthy" : "unhealthy";
  body["database"] = database;
  body["redis"] = redis;
  return jsonReply(healthy ? 200 : 503, body);
}

apiary::Response StatusRoutes::statusJson(const apiary::Request&) const {
  return jsonReply(200, report().toJson());
}

apiary::Response StatusRoutes::statusPage(const apiary::Request&) const {
  return htmlReply(200, renderPage(report()));
}

std::string StatusRoutes::renderPage(const StatusReport& report) const {
  const int64_t now = clock_.wallMs();
  HtmlWriter page("SpellBot Status", "<meta http-equiv=\"refresh\" content=\"30\">\n");
  const std::string word = htmlWord(report.indicator);
  std::string capitalized = word;
  capitalized[0] = static_cast<char>(capitalized[0] - 'a' + 'A');
  page.raw("<h1>SpellBot Status</h1>\n<p><span class=\"badge status-").raw(word).raw("\">")
      .text(capitalized).raw("</span> <span class=\"muted\">").text(report.description)
      .raw("</span></p>\n");

  const std::string version =
      report.metadata && report.metadata->version ? *report.metadata->version : "";
  page.raw("<div class=\"stats\">\n<div class=\"stat\"><div class=\"value\">")
      .text(std::to_string(report.ready) + "/" + std::to_string(report.total))
      .raw("</div><div class=\"label\">Shards Online</div></div>\n<div class=\"stat\"><div class=\"value\">")
      .text(thousands(report.metadata ? report.metadata->totalGuilds : 0))
      .raw("</div><div class=\"label\">Servers</div></div>\n<div class=\"stat\"><div class=\"value\">");
  if (version.empty() || version == "unknown")
    page.text(version.empty() ? "unknown" : version);
  else
    page.raw("<a href=\"https://github.com/lexicalunit/spellbot/releases/tag/v")
        .raw(HtmlWriter::escape(HtmlWriter::urlEncode(version))).raw("\">").text(version).raw("</a>");
  page.raw("</div><div class=\"label\">Version</div></div>\n"
           "<div class=\"stat\"><div class=\"value\" id=\"discord-status\">&hellip;</div>"
           "<div class=\"label\">Discord</div></div>\n</div>\n");

  if (report.upgradeInProgress) {
    std::map<std::string, std::vector<int64_t>> groups;
    for (const auto& s : report.shards) groups[s.version].push_back(s.shardId);
    std::vector<std::string> versions;
    for (const auto& [v, ids] : groups) versions.push_back(v);
    std::sort(versions.begin(), versions.end(), newerVersion);
    page.raw("<div class=\"banner\"><strong>Upgrade in Progress</strong><ul>\n");
    for (const auto& v : versions) {
      const auto& ids = groups[v];
      std::string label = ids.size() == 1 ? "Shard #" : "Shards ";
      for (size_t i = 0; i < ids.size(); ++i)
        label += (i == 0 ? "" : ", ") + std::string(ids.size() == 1 ? "" : "#") + std::to_string(ids[i]);
      page.raw("<li>").text(v).raw(": ").text(label).raw("</li>\n");
    }
    page.raw("</ul></div>\n");
  }

  page.raw("<h2>Shards</h2>\n");
  if (report.shards.empty()) {
    page.raw("<div class=\"card empty\"><p>No shard data available.</p><p class=\"muted\">"
             "The bot may be starting up, or shard status reporting (Redis) is not configured."
             "</p></div>\n");
  } else {
    page.raw("<div class=\"grid\">\n");
    for (const auto& s : report.shards) {
      std::string latency = "N/A", latencyClass = "muted";
      if (s.latencyMs) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1fms", *s.latencyMs);
        latency = buf;
        latencyClass = *s.latencyMs < 100 ? "good" : *s.latencyMs < 250 ? "ok" : "bad";
      }
      const auto updated = TimeText::parse(s.lastUpdated);
      page.raw("<div class=\"card\"><h3>Shard ").text(std::to_string(s.shardId)).raw("</h3>")
          .raw(s.isReady ? "<p class=\"good\">Ready</p>" : "<p class=\"bad\">Not Ready</p>")
          .raw("<p>Latency: <span class=\"").raw(latencyClass).raw("\">").text(latency)
          .raw("</span></p><p>Servers: ").text(thousands(s.guildCount))
          .raw("</p><p class=\"muted\">Updated ")
          .text(updated ? TimeText::ago((now - *updated) / 1000) : "unknown")
          .raw(" &middot; v").text(s.version).raw("</p></div>\n");
    }
    page.raw("</div>\n");
  }
  const std::string lastUpdated = report.metadata && report.metadata->lastUpdated
                                      ? *report.metadata->lastUpdated
                                      : TimeText::iso(now);
  page.raw("<footer>Last updated: ").text(lastUpdated)
      .raw(" &bull; Auto-refreshes every 30 seconds &bull; <a href=\"/status.json\">status.json</a>"
           "</footer>\n");
  return page.finish(
      "<script>fetch('https://discordstatus.com/api/v2/status.json').then(function(r){return r.json();})"
      ".then(function(d){document.getElementById('discord-status').textContent=d.status.description;})"
      ".catch(function(){document.getElementById('discord-status').textContent='unavailable';});"
      "</script>\n");
}

}  // namespace spellbot
