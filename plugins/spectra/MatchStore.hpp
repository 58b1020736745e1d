// The match state model shared by the REST API (this plugin) and the socket.io ingest
// ("spectra-live", which compiles this class in and drives it). All state is in the host's
// storage, so it survives restarts and is shared by several instances on one database:
//
//   live matches   created by an observer's logon; removed when they finish, or when no event
//                  has been recorded for `liveIdleMs` (upstream: 30 minutes). /status counts them.
//   team info      what getTeamInfoForCode answers for a finished match, kept `teamInfoTtlMs`
//                  (upstream: 60 minutes) from the finish.
//
// Lookups treat expired rows as absent; sweep() only frees the space. Times are the host's wall
// clock in milliseconds (Plugin::clock().wallMs()). Every method is one statement or one
// transaction, safe to call from concurrent handlers and from several instances.
//
// Use (in the ingest plugin):
//   MatchStore matches(database(), MatchStore::Lifetimes{});
//   switch (matches.create(match, now)) { case MatchStore::Created::Yes: ... }
//   matches.recordEvent(groupCode, now);                 // on every obs_data / aux_data
//   matches.finish(groupCode, TeamInfo::of(...), now);   // round_info with game_end
// Its migrations: include MatchStore::schema() (CREATE ... IF NOT EXISTS, so either plugin may
// create the tables first) in the plugin's own migrations.
#pragma once

#include "JsSemantics.hpp"

#include <apiary/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spectra {

struct LiveMatch {
  std::string groupCode;    // chosen by the observer; the output room name; case-sensitive
  std::string groupSecret;  // proves a reconnecting observer owns the code
  std::string orgId;        // "" when the key had no organisation (AUTH_KEY, no auth)
  bool isSupporter = false;
  Json leftTeam =
      Json::object();  // raw AuthTeam from obs_logon {name, tricode, url, attackStart, ...}
  Json rightTeam = Json::object();
  Json tools = Json::object();  // ToolsData after the supporter rules
  int64_t createdMs = 0;
  int64_t lastEventMs = 0;
};

// The answer of getTeamInfoForCode for a finished match, in upstream's key order.
struct TeamInfo {
  Json leftTeam = Json::object();
  Json rightTeam = Json::object();
  int higherScore = 1;  // 0 when the left team won more rounds, else 1 (a tie gives 1)
  Json tournamentInfo = Json::object();
  Json sponsorInfo = Json::object();
  bool isSupporter = false;

  // From a match's teams, rounds won and tools (tournamentInfo and sponsorInfo are taken from it).
  static TeamInfo of(const LiveMatch& match, int64_t leftRoundsWon, int64_t rightRoundsWon);
  Json toJson() const;
};

class MatchStore {
 public:
  struct Lifetimes {
    int64_t liveIdleMs = 30 * 60 * 1000;
    int64_t teamInfoTtlMs = 60 * 60 * 1000;
  };

  MatchStore(apiary::Database database, Lifetimes lifetimes) : db_(database), life_(lifetimes) {}

  static std::vector<std::string> schema();

  enum class Created {
    Yes,          // a new live match (an expired one under the code was replaced)
    Reconnected,  // the code is live and the secret matches: only its event time was renewed
    CodeInUse,    // the code is live under another secret: nothing changed
  };
  // Creates the live match match.groupCode at nowMs (createdMs/lastEventMs are set to nowMs).
  Created create(const LiveMatch& match, int64_t nowMs) const;
  // Renews the match's idle timer; false when no live match has that code.
  bool recordEvent(const std::string& groupCode, int64_t nowMs) const;
  std::optional<LiveMatch> find(const std::string& groupCode, int64_t nowMs) const;
  // Ends the live match (if still there) and keeps its team info; replaces earlier info for the
  // code (a reused group code). Returns whether a live match was ended.
  bool finish(const std::string& groupCode, const TeamInfo& info, int64_t nowMs) const;
  // Ends a live match without team info (observer gone); false when it was not live.
  bool remove(const std::string& groupCode) const;
  // Live matches not idle for too long.
  int64_t countLive(int64_t nowMs) const;
  // getTeamInfoForCode's body for a finished, unexpired match.
  std::optional<std::string> teamInfo(const std::string& groupCode, int64_t nowMs) const;

  struct Swept {
    int64_t liveMatches = 0;
    int64_t teamInfos = 0;
  };
  Swept sweep(int64_t nowMs) const;

  const Lifetimes& lifetimes() const { return life_; }

 private:
  apiary::Database db_;
  Lifetimes life_;
};

}  // namespace spectra
