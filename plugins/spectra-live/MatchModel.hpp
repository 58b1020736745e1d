// Upstream's in-memory Match (src/model/Match.ts) for one group code: built from the observer's
// logon (teams, tools) and changed by every observer (obs_data) and auxiliary (aux_data) event the
// way upstream's receiveMatchSpecificData changes it: roster/scoreboard to the team whose in-game
// id is the row's startTeam, killfeed and auxiliary data to both teams, round_info phases
// (shopping: round reasons, spike reset, side switch at the half and every overtime round, round
// reset; combat: duplicate agents, 99 s round timer; end; game_end), spike planted/detonated/
// defused, score (who won, timeout win), match_start (the game's match id), map, game_mode (swift
// switches at 5, no overtime), observing, tech pause and team timeouts (countdown, see advance()).
//
// eventNumber starts at 1 and grows by one for every event applied (unknown types included, as
// upstream); an event that names no team or whose data does not have the shape upstream's
// interfaces declare is ignored and changes nothing (upstream would throw inside its handler,
// where its try/catch dropped the event, or store a value of the wrong type). Nothing here throws
// on client input.
//
// Not thread safe: IngestModels serializes access.
#pragma once

#include "MatchStore.hpp"
#include "ModelJson.hpp"
#include "TeamModel.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spectra_live {

class MatchModel {
 public:
  using Json = ModelJson::Json;

  explicit MatchModel(const spectra::LiveMatch& match);
  // A model from stateJson() and its event number (after a restart); the teams and tools of
  // `match` are used only where the state has none.
  static MatchModel restore(const spectra::LiveMatch& match, const Json& state,
                            int64_t eventNumber);

  enum class Applied {
    Changed,    // applied; eventNumber grew
    GameEnded,  // round_info game_end: applied; the ingest ends the match
    Ignored,    // not an event of upstream's shape; nothing changed
  };
  // One obs_data / aux_data packet ({obsName|playerId, groupCode|matchId, type, data}) received at
  // nowMs (upstream stamps every event with the server's Date.now()).
  Applied apply(const Json& packet, int64_t nowMs);
  // Runs the timeout timers up to nowMs (upstream's setInterval/setTimeout): the remaining time
  // counts down once a second and the timeout ends after the tools' timeoutDuration. True when
  // something changed (eventNumber grew).
  bool advance(int64_t nowMs);
  // The player's auxiliary client disconnected (does not change eventNumber, as upstream).
  void setAuxDisconnected(const std::string& playerId);

  int64_t eventNumber() const { return eventNumber_; }
  // The game's match id from match_start (what auxiliary clients name); "" before it.
  std::string valorantMatchId() const;

  // match_data's argument: the match without upstream's internal fields (replayLog, eventNumber,
  // timeout timers), the organisation and the playercams secret/endTime.
  Json overlayJson() const;
  // What restore() reads: the overlay fields without tools, plus the running timers.
  Json stateJson() const;

 private:
  MatchModel() = default;
  void processScoreCalculation(double team0Score, double team1Score, int64_t timestamp);
  void processRoundReasons();
  Applied applyRoundInfo(const Json& data, int64_t timestamp);
  void toggleTimeout(bool& team, bool& other, int64_t nowMs);
  void startTimeoutTimers(int64_t nowMs);
  TeamModel* teamWithIngameId(double id);
  double timeoutDuration() const;
  Json fields() const;

  Json matchId_ = "";
  Json matchType_ = "bomb";
  double switchRound_ = 13;
  double firstOtRound_ = 25;
  std::string groupCode_;
  bool isRunning_ = false;
  double roundNumber_ = 0;
  std::string roundPhase_ = "LOBBY";
  std::optional<int64_t> roundTimeoutTime_;
  bool wasTimeout_ = false;
  std::optional<int64_t> spikeDetonationTime_;
  std::vector<TeamModel> teams_;
  std::optional<std::string> map_ = "Loading";
  bool spikePlanted_ = false, spikeDetonated_ = false, spikeDefused_ = false;
  bool attackersWon_ = false;
  bool techPause_ = false, leftTimeout_ = false, rightTimeout_ = false;
  double timeRemaining_ = 0;
  Json tools_ = Json::object();
  int64_t eventNumber_ = 1;
  // Upstream's timers: the end of a team timeout (setTimeout) and its once-a-second countdown
  // (setInterval, started at countdownStartMs_, countdownTicks_ seconds applied so far).
  std::optional<int64_t> timeoutEndMs_;
  std::optional<int64_t> countdownStartMs_;
  int64_t countdownTicks_ = 0;
};

}  // namespace spectra_live
