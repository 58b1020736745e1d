// What the ingest (port 5100) does with an observer's or auxiliary client's events, independent of
// the transport: obs_logon's checks in upstream's order (packet, client version, key through the
// spectra plugin's KeyValidator chain, group code/secret), obs_data/aux_data renewing the match,
// and round_info "game_end" finishing it with the team info getTeamInfoForCode serves. The match
// itself is the spectra plugin's MatchStore (same database), so /status counts it at once.
//
// Payloads are upstream's: each event's single argument is a JSON *string* that upstream
// JSON.parses; an argument that is already an object is accepted too (a fix, no client sends it).
#pragma once

#include "KeyValidator.hpp"
#include "MatchStore.hpp"

#include <functional>
#include <optional>
#include <string>

namespace spectra_live {

using spectra::Json;

class IngestRules {
 public:
  // The key chain (in the plugin: KeyValidator::isValidKey) and the group secret source (in the
  // plugin: 12 characters A-Z0-9 from a CSPRNG); both injectable for tests.
  using KeyCheckFunction = std::function<spectra::KeyCheck(const Json& key)>;
  using SecretFunction = std::function<std::string()>;

  // Upstream's module.exports.version was never set, so its text said "undefined"; we name the
  // Spectra-Server version this ingest speaks for.
  static constexpr const char* kServerVersion = "0.3.4";

  IngestRules(spectra::MatchStore matches, KeyCheckFunction checkKey, SecretFunction newSecret)
      : matches_(matches), checkKey_(std::move(checkKey)), newSecret_(std::move(newSecret)) {}

  struct Logon {
    Json ack;                  // the obs_logon_ack / aux_logon_ack argument (an object)
    bool accepted = false;     // false: the server disconnects the client after the ack
    std::string groupCode;     // the match the client now feeds (accepted only)
    bool reconnected = false;  // obs_logon: the observer took its live match back (same secret)
    std::string playerId;      // aux_logon: the player the auxiliary client reports for
    std::string ackText() const { return ack.dump(); }
  };
  Logon observerLogon(const Json& argument, int64_t nowMs) const;
  // aux_logon {type:"aux_authenticate", clientVersion, name, matchId, playerId}: an auxiliary
  // (player) client joins a live match; no key, as upstream. matchId is the game's match id
  // (match_start's data, looked up through the resolver as upstream's findMatch does) or, as
  // before, the group code itself. The ack's reason names the group code, as upstream's.
  Logon auxiliaryLogon(const Json& argument, int64_t nowMs) const;
  using MatchIdResolver = std::function<std::optional<std::string>(const std::string& matchId)>;
  void setMatchIdResolver(MatchIdResolver resolver) { resolveMatchId_ = std::move(resolver); }

  // The per-connection score tally that TeamInfo's higherScore needs at game_end.
  struct Score {
    int64_t left = 0;
    int64_t right = 0;
  };
  enum class DataOutcome {
    Recorded,  // the match's idle timer was renewed
    Finished,  // round_info game_end: the match ended, its team info is stored; disconnect
    NotLive,   // the match is gone (idle, finished elsewhere); disconnect
    Invalid,   // not a data packet for this client's match; ignored, as upstream ignores it
  };
  // obs_data / aux_data from a client logged on to groupCode. The packet names its match by
  // groupCode (observers) or matchId (auxiliary clients: the group code, or the game's match id
  // `gameMatchId` once match_start told it).
  DataOutcome data(const std::string& groupCode, const Json& argument, Score& score, int64_t nowMs,
                   const std::string& gameMatchId = "") const;

  // An event argument as upstream reads it: JSON.parse of a string, an object as is.
  static std::optional<Json> parseArgument(const Json* argument);

 private:
  static Json ack(const char* type, bool value, const std::string& reason);

  spectra::MatchStore matches_;
  KeyCheckFunction checkKey_;
  SecretFunction newSecret_;
  MatchIdResolver resolveMatchId_;
};

}  // namespace spectra_live
