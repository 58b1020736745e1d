// One player of upstream's Match (src/model/Player.ts): created from the observer's roster entry,
// updated by the observer's scoreboard and killfeed and by the player's own auxiliary client
// (scoreboard, abilities, health, Astra targeting, Cypher cam). Numbers are doubles because they
// are JavaScript numbers upstream (a kills/deaths ratio of 0 deaths prints null, as there).
//
// Events arrive validated by TeamModel: the fields each method reads have the types upstream's
// interfaces declare (eventData.ts), so nothing here can throw on client input.
#pragma once

#include "ModelJson.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spectra_live {

class PlayerModel {
 public:
  using Json = ModelJson::Json;

  // A roster entry: name, tagline, playerId (non-empty strings; TeamModel checks), position,
  // agentInternal, locked, and (newer clients) isCaptain.
  explicit PlayerModel(const Json& roster);
  // Restores a player from toJson() (a stored state after a restart).
  static PlayerModel fromJson(const Json& stored);

  // The shapes upstream's interfaces declare (IFormattedRoster, IFormattedScoreboard /
  // IFormattedAuxScoreboardTeam): a row that does not fit is ignored by TeamModel.
  static bool validRoster(const Json& roster);
  static bool validScoreboardRow(const Json& row);

  void onRosterUpdate(const Json& roster);
  // The observer's scoreboard row; it wins over the auxiliary client's for the rest of the round.
  void updateFromScoreboard(const Json& row);
  // An auxiliary scoreboard row (aux_scoreboard, or one entry of aux_scoreboard_team): only while
  // the observer sent none this round.
  void updateFromAuxiliaryScoreboard(const Json& row);
  // This player killed (killfeed attacker): kills by weapon, headshots, teamkills, victims.
  void extractKillfeedInfo(const Json& killfeed);
  // Without any scoreboard this round, the killfeed counts kills and deaths itself.
  void fallbackKillfeedExtraction(bool victim);
  void fallbackAssistIncrement();
  void processObservedEvent(const std::string& observedName);
  void updateAbilities(double grenade, double ability1, double ability2);
  void setHealth(double health);
  void setAstraTargeting(bool targeting);
  void setCypherCam(bool camActive);
  void resetRoundSpecificValues(bool isSideSwitch);
  void setAuxDisconnected();

  const std::string& name() const { return name_; }
  const std::string& playerId() const { return riotId_; }
  const std::string& agentInternal() const { return agentInternal_; }
  bool isAlive() const { return isAlive_; }
  double moneySpent() const { return moneySpent_; }
  double killsThisRound() const { return killsThisRound_; }

  // The player as upstream serializes it (every field, private ones included, in declaration
  // order; unset optional names left out as `undefined` is), plus the fields newer overlays read.
  Json toJson() const;

 private:
  PlayerModel() = default;
  void updateSharedScoreboardData(const Json& row);
  void agentSpecificScoreboardChecks(std::optional<double> kills, std::optional<double> assists,
                                     std::optional<double> currUltPoints);
  void agentSpecificDeathChecks();
  void setAgent(const std::string& internal);

  std::string name_;
  std::string tagline_;
  std::string riotId_;
  std::string searchName_;  // "name #tagline": what the observing event names
  double position_ = 0;
  bool locked_ = false;
  std::string agentInternal_;
  std::string agentProper_;
  bool isAlive_ = true;
  bool hasSpike_ = false;
  bool isObserved_ = false;
  double health_ = 100;
  double grenade_ = 0, ability1_ = 0, ability2_ = 0;
  double kills_ = 0, deaths_ = 0, assists_ = 0, kdRatio_ = 0, killsThisRound_ = 0;
  double currUltPoints_ = 0, maxUltPoints_ = 0;
  bool ultReady_ = false;
  double money_ = 0, moneySpent_ = 0;
  bool spentMoneyThisRound_ = false;
  std::optional<std::string> armorName_ = "None";
  std::optional<std::string> highestWeapon_ = "Unknown";
  double teamKills_ = 0, headshotKills_ = 0, headshotRatio_ = 0;
  std::map<std::string, double> killsByWeaponsAndAbilities_;
  std::map<std::string, double> killsOnEnemyPlayer_;
  std::map<std::string, double> killsOnTeammatePlayer_;
  std::map<std::string, double> assistsFromTeammate_;  // never filled upstream either
  bool scoreboardAvailable_ = false;
  bool auxHealth_ = false, auxAbilities_ = false, auxScoreboard_ = false;
  std::string iconNameSuffix_;
  // Read by newer Spectra-Frontend overlays (its Types.ts), not in the server model we follow.
  bool isCaptain_ = false;
  double deathsThisRound_ = 0;
  std::vector<std::string> killedPlayerNames_;
};

}  // namespace spectra_live
