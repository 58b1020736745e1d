// One team of upstream's Match (src/model/Team.ts): its name, tricode and logo from the observer's
// logon, the in-game side (ingameTeamId 0 attacks first), rounds won, the round record overlays
// draw (10 "upcoming" rounds at the start, a reason per finished round), and up to five players
// from the roster. Routes player events to the right player by id or name, as upstream does.
#pragma once

#include "PlayerModel.hpp"

#include <optional>
#include <string>
#include <vector>

namespace spectra_live {

class TeamModel {
 public:
  using Json = ModelJson::Json;

  // From an AuthTeam {name, tricode, url, attackStart}.
  explicit TeamModel(const Json& authTeam);
  static TeamModel fromJson(const Json& stored);

  // Observer events for this team (roster, scoreboard: the match picks the team by startTeam),
  // the killfeed (every team), and auxiliary events (every team; the player decides). `packet`
  // is the whole event ({type, data, playerId?}). Invalid data is ignored.
  void receiveTeamSpecificData(const std::string& type, const Json& packet);
  // aux_scoreboard_team: only the team of the sending player applies the rows.
  void receiveAuxScoreboardTeamData(const std::string& senderId, const Json& rows);

  void resetRoundSpecificValues(bool isSideSwitch);
  void findDuplicateAgents();
  void switchSides() { isAttacking_ = !isAttacking_; }
  void setObservedPlayer(const std::string& observedName);
  void setAuxDisconnected(const std::string& playerId);
  bool hasPlayer(const std::string& playerId) const;
  // Round reasons: "kills", "detonated", "defused", "timeout", "lost" for roundNumber, and the
  // next round "upcoming". Upstream writes by array index, so a jump leaves holes (null).
  void addRoundReason(const std::string& reason, double roundNumber);

  double ingameTeamId() const { return ingameTeamId_; }
  bool isAttacking() const { return isAttacking_; }
  double roundsWon() const { return roundsWon_; }
  void setRoundsWon(double won) { roundsWon_ = won; }
  const std::vector<PlayerModel>& players() const { return players_; }

  Json toJson() const;

  // Round records beyond this many rounds are not kept (upstream's array would grow without
  // bound on a forged round number; real matches end long before).
  static constexpr double kMaxRounds = 200;

 private:
  TeamModel() = default;
  struct RecordEntry {
    std::string type;
    bool wasAttack = false;
    double round = 0;
  };
  PlayerModel* playerById(const std::string& playerId);
  PlayerModel* playerByName(const std::string& name);
  void processRosterData(const Json& roster);
  void processKillfeedData(const Json& killfeed);
  double spentThisRoundTotal() const;

  std::optional<std::string> teamName_;
  std::optional<std::string> teamTricode_;
  std::optional<std::string> teamUrl_;
  double ingameTeamId_ = 0;
  bool isAttacking_ = false;
  bool hasHandledTeam_ = false;
  double roundsWon_ = 0;
  double spentThisRound_ = 0;
  std::vector<std::optional<RecordEntry>> roundRecord_;
  std::vector<PlayerModel> players_;
  double playerCount_ = 0;
  bool hasDuplicateAgents_ = false;
};

}  // namespace spectra_live
