#include "MatchStore.hpp"

namespace spectra {

TeamInfo TeamInfo::of(const LiveMatch& match, int64_t leftRoundsWon, int64_t rightRoundsWon) {
  TeamInfo info;
  info.leftTeam = match.leftTeam;
  info.rightTeam = match.rightTeam;
  info.higherScore = leftRoundsWon > rightRoundsWon ? 0 : 1;
  if (match.tools.is_object()) {
    info.tournamentInfo = match.tools.value("tournamentInfo", Json::object());
    info.sponsorInfo = match.tools.value("sponsorInfo", Json::object());
  }
  info.isSupporter = match.isSupporter;
  return info;
}

Json TeamInfo::toJson() const {
  return Json{{"leftTeam", leftTeam},       {"rightTeam", rightTeam},
              {"higherScore", higherScore}, {"tournamentInfo", tournamentInfo},
              {"sponsorInfo", sponsorInfo}, {"isSupporter", isSupporter}};
}

std::vector<std::string> MatchStore::schema() {
  return {
      "CREATE TABLE IF NOT EXISTS spectra_live_matches (group_code TEXT NOT NULL PRIMARY KEY, "
      "group_secret TEXT NOT NULL, org_id TEXT NOT NULL, is_supporter INTEGER NOT NULL, "
      "left_team TEXT NOT NULL, right_team TEXT NOT NULL, tools TEXT NOT NULL, "
      "created_ms INTEGER NOT NULL, last_event_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL)",
      "CREATE INDEX IF NOT EXISTS spectra_live_matches_expires ON spectra_live_matches "
      "(expires_ms)",
      "CREATE TABLE IF NOT EXISTS spectra_team_info (group_code TEXT NOT NULL PRIMARY KEY, "
      "info TEXT NOT NULL, finished_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL)",
      "CREATE INDEX IF NOT EXISTS spectra_team_info_expires ON spectra_team_info (expires_ms)",
  };
}

MatchStore::Created MatchStore::create(const LiveMatch& match, int64_t nowMs) const {
  const int64_t expires = nowMs + life_.liveIdleMs;
  return db_.transaction([&](apiary::Transaction& tx) {
    const auto rows = tx.execute(
        "SELECT group_secret FROM spectra_live_matches WHERE group_code = ? AND expires_ms > ?",
        {match.groupCode, nowMs});
    if (!rows.empty()) {
      if (rows[0].text(0) != match.groupSecret) return Created::CodeInUse;
      tx.execute(
          "UPDATE spectra_live_matches SET last_event_ms = ?, expires_ms = ? WHERE group_code = ?",
          {nowMs, expires, match.groupCode});
      return Created::Reconnected;
    }
    tx.execute("DELETE FROM spectra_live_matches WHERE group_code = ?", {match.groupCode});
    tx.execute(
        "INSERT INTO spectra_live_matches (group_code, group_secret, org_id, is_supporter, "
        "left_team, right_team, tools, created_ms, last_event_ms, expires_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {match.groupCode, match.groupSecret, match.orgId, match.isSupporter, match.leftTeam.dump(),
         match.rightTeam.dump(), match.tools.dump(), nowMs, nowMs, expires});
    return Created::Yes;
  });
}

bool MatchStore::recordEvent(const std::string& groupCode, int64_t nowMs) const {
  return db_.execute(
                "UPDATE spectra_live_matches SET last_event_ms = ?, expires_ms = ? "
                "WHERE group_code = ? AND expires_ms > ?",
                {nowMs, nowMs + life_.liveIdleMs, groupCode, nowMs})
             .affectedRows() > 0;
}

std::optional<LiveMatch> MatchStore::find(const std::string& groupCode, int64_t nowMs) const {
  const auto rows = db_.execute(
      "SELECT group_code, group_secret, org_id, is_supporter, left_team, right_team, tools, "
      "created_ms, last_event_ms FROM spectra_live_matches WHERE group_code = ? AND expires_ms > ?",
      {groupCode, nowMs});
  if (rows.empty()) return std::nullopt;
  const apiary::Row row = rows[0];
  LiveMatch match;
  match.groupCode = row.text("group_code");
  match.groupSecret = row.text("group_secret");
  match.orgId = row.text("org_id");
  match.isSupporter = row.int64("is_supporter") != 0;
  match.leftTeam = Json::parse(row.text("left_team"));
  match.rightTeam = Json::parse(row.text("right_team"));
  match.tools = Json::parse(row.text("tools"));
  match.createdMs = row.int64("created_ms");
  match.lastEventMs = row.int64("last_event_ms");
  return match;
}

bool MatchStore::finish(const std::string& groupCode, const TeamInfo& info, int64_t nowMs) const {
  const std::string body = info.toJson().dump();
  return db_.transaction([&](apiary::Transaction& tx) {
    const bool wasLive =
        tx.execute("DELETE FROM spectra_live_matches WHERE group_code = ? AND expires_ms > ?",
                   {groupCode, nowMs})
            .affectedRows() > 0;
    tx.execute(
        "INSERT INTO spectra_team_info (group_code, info, finished_ms, expires_ms) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (group_code) DO UPDATE SET info = excluded.info, "
        "finished_ms = excluded.finished_ms, expires_ms = excluded.expires_ms",
        {groupCode, body, nowMs, nowMs + life_.teamInfoTtlMs});
    return wasLive;
  });
}

bool MatchStore::remove(const std::string& groupCode) const {
  return db_.execute("DELETE FROM spectra_live_matches WHERE group_code = ?", {groupCode})
             .affectedRows() > 0;
}

int64_t MatchStore::countLive(int64_t nowMs) const {
  return db_
      .execute("SELECT COUNT(*) AS n FROM spectra_live_matches WHERE expires_ms > ?", {nowMs})[0]
      .int64("n");
}

std::optional<std::string> MatchStore::teamInfo(const std::string& groupCode, int64_t nowMs) const {
  const auto rows =
      db_.execute("SELECT info FROM spectra_team_info WHERE group_code = ? AND expires_ms > ?",
                  {groupCode, nowMs});
  if (rows.empty()) return std::nullopt;
  return rows[0].text(0);
}

MatchStore::Swept MatchStore::sweep(int64_t nowMs) const {
  Swept swept;
  swept.liveMatches =
      db_.execute("DELETE FROM spectra_live_matches WHERE expires_ms <= ?", {nowMs}).affectedRows();
  swept.teamInfos =
      db_.execute("DELETE FROM spectra_team_info WHERE expires_ms <= ?", {nowMs}).affectedRows();
  return swept;
}

}  // namespace spectra
