#include "MatchModel.hpp"

#include "ValorantNames.hpp"

#include <algorithm>
#include <cmath>

namespace spectra_live {

namespace {

const ModelJson::Json* member(const ModelJson::Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// upstream's isAuthedData: who sent it, which match, a type and data.
bool isAuthedData(const ModelJson::Json& packet) {
  return (member(packet, "obsName") != nullptr || member(packet, "playerId") != nullptr) &&
         (member(packet, "groupCode") != nullptr || member(packet, "matchId") != nullptr) &&
         member(packet, "type") != nullptr && member(packet, "data") != nullptr;
}

// A stored time (restore): an integral millisecond count in range, else none.
std::optional<int64_t> storedMs(const ModelJson::Json& object, const char* key) {
  const auto value = ModelJson::numberAt(object, key);
  if (!value || !(std::fabs(*value) < 9.0e15)) return std::nullopt;
  return static_cast<int64_t>(*value);
}

constexpr int64_t kRoundTimeMs = 99 * 1000;
constexpr int64_t kSpikeTimeMs = 45 * 1000;

}  // namespace

MatchModel::MatchModel(const spectra::LiveMatch& match) : groupCode_(match.groupCode) {
  teams_.emplace_back(match.leftTeam);
  teams_.emplace_back(match.rightTeam);
  tools_ = match.tools.is_object() ? match.tools : Json::object();
}

MatchModel MatchModel::restore(const spectra::LiveMatch& match, const Json& state,
                               int64_t eventNumber) {
  using M = ModelJson;
  MatchModel m(match);
  if (!state.is_object()) return m;
  if (const Json* id = member(state, "matchId")) m.matchId_ = *id;
  if (const Json* type = member(state, "matchType")) m.matchType_ = *type;
  m.switchRound_ = M::readNumber(state, "switchRound", m.switchRound_);
  m.firstOtRound_ = M::readNumber(state, "firstOtRound", m.firstOtRound_);
  m.isRunning_ = M::readBool(state, "isRunning", false);
  m.roundNumber_ = M::readNumber(state, "roundNumber", 0);
  m.roundPhase_ = M::readString(state, "roundPhase", m.roundPhase_);
  m.roundTimeoutTime_ = storedMs(state, "roundTimeoutTime");
  m.wasTimeout_ = M::readBool(state, "wasTimeout", false);
  m.spikeDetonationTime_ = storedMs(state, "spikeDetonationTime");
  if (const Json* teams = member(state, "teams");
      teams != nullptr && teams->is_array() && teams->size() == 2) {
    m.teams_.clear();
    for (const auto& team : *teams) m.teams_.push_back(TeamModel::fromJson(team));
  }
  m.map_ = M::readOptionalString(state, "map");
  const Json spike = state.value("spikeState", Json::object());
  m.spikePlanted_ = M::readBool(spike, "planted", false);
  m.spikeDetonated_ = M::readBool(spike, "detonated", false);
  m.spikeDefused_ = M::readBool(spike, "defused", false);
  m.attackersWon_ = M::readBool(state, "attackersWon", false);
  const Json timeout = state.value("timeoutState", Json::object());
  m.techPause_ = M::readBool(timeout, "techPause", false);
  m.leftTimeout_ = M::readBool(timeout, "leftTeam", false);
  m.rightTimeout_ = M::readBool(timeout, "rightTeam", false);
  m.timeRemaining_ = M::readNumber(timeout, "timeRemaining", 0);
  const Json timers = state.value("timers", Json::object());
  m.timeoutEndMs_ = storedMs(timers, "timeoutEndMs");
  m.countdownStartMs_ = storedMs(timers, "countdownStartMs");
  m.countdownTicks_ = storedMs(timers, "countdownTicks").value_or(0);
  m.eventNumber_ = eventNumber;
  return m;
}

std::string MatchModel::valorantMatchId() const {
  return matchId_.is_string() ? matchId_.get<std::string>() : "";
}

TeamModel* MatchModel::teamWithIngameId(double id) {
  for (auto& team : teams_) {
    if (team.ingameTeamId() == id) return &team;
  }
  return nullptr;
}

double MatchModel::timeoutDuration() const {
  // ToolsData's default is 60 s; bounded so a forged value cannot overflow the timer.
  const double seconds = ModelJson::numberAt(tools_, "timeoutDuration").value_or(60);
  if (!(seconds >= 0)) return 0;
  return std::min(seconds, 24.0 * 3600);
}

MatchModel::Applied MatchModel::apply(const Json& packet, int64_t nowMs) {
  if (!isAuthedData(packet) || !packet["type"].is_string()) return Applied::Ignored;
  const std::string type = packet["type"].get<std::string>();
  const Json& data = packet["data"];
  const int64_t timestamp = nowMs;

  if (type == "scoreboard" || type == "roster") {
    const auto startTeam = ModelJson::numberAt(data, "startTeam");
    TeamModel* team = startTeam ? teamWithIngameId(*startTeam) : nullptr;
    if (team == nullptr) return Applied::Ignored;  // "match data with invalid team"
    team->receiveTeamSpecificData(type, packet);
  } else if (type == "killfeed" || type == "aux_scoreboard" || type == "aux_abilities" ||
             type == "aux_health" || type == "aux_astra_targeting" || type == "aux_cypher_cam") {
    for (auto& team : teams_) team.receiveTeamSpecificData(type, packet);
  } else if (type == "observing") {
    // A search name always contains " #", so a non-string observes nobody.
    const std::string observed = data.is_string() ? data.get<std::string>() : "";
    for (auto& team : teams_) team.setObservedPlayer(observed);
  } else if (type == "aux_scoreboard_team") {
    // The rows arrive as a JSON string (upstream JSON.parses it; a parse error dropped the event).
    Json rows = data;
    if (data.is_string()) {
      rows = Json::parse(data.get<std::string>(), nullptr, false);
      if (rows.is_discarded()) return Applied::Ignored;
    }
    if (!rows.is_array()) return Applied::Ignored;
    const std::string sender = ModelJson::readString(packet, "playerId", "");
    for (auto& team : teams_) team.receiveAuxScoreboardTeamData(sender, rows);
  } else if (type == "spike_planted") {
    if (roundPhase_ == "combat") {  // a plant hotkey outside combat is counted but changes nothing
      spikePlanted_ = true;
      roundTimeoutTime_.reset();
      spikeDetonationTime_ = timestamp + kSpikeTimeMs;
    }
  } else if (type == "spike_detonated") {
    spikeDetonated_ = true;
    spikeDetonationTime_.reset();
  } else if (type == "spike_defused") {
    spikeDefused_ = true;
  } else if (type == "score") {
    const auto team0 = ModelJson::numberAt(data, "team_0");
    const auto team1 = ModelJson::numberAt(data, "team_1");
    if (!team0 || !team1 || teamWithIngameId(0) == nullptr || teamWithIngameId(1) == nullptr)
      return Applied::Ignored;
    processScoreCalculation(*team0, *team1, timestamp);
    spikePlanted_ = false;
  } else if (type == "round_info") {
    const Applied applied = applyRoundInfo(data, timestamp);
    if (applied != Applied::Changed) return applied;
  } else if (type == "match_start") {
    matchId_ = data;
    isRunning_ = true;
  } else if (type == "map") {
    map_ = data.is_string() ? ValorantNames::map(data.get<std::string>()) : std::nullopt;
  } else if (type == "game_mode") {
    matchType_ = data;
    const bool swift = data == "swift";
    switchRound_ = swift ? 5 : 13;
    firstOtRound_ = swift ? 99 : 25;
  } else if (type == "tech_pause") {
    techPause_ = !techPause_;
    if (techPause_) {
      leftTimeout_ = false;
      rightTimeout_ = false;
      timeoutEndMs_.reset();
      countdownStartMs_.reset();
    }
  } else if (type == "left_timeout") {
    toggleTimeout(leftTimeout_, rightTimeout_, nowMs);
  } else if (type == "right_timeout") {
    toggleTimeout(rightTimeout_, leftTimeout_, nowMs);
  }
  // Any other type (team_is_attacker, ...) is counted as upstream counts it.
  eventNumber_++;
  return Applied::Changed;
}

MatchModel::Applied MatchModel::applyRoundInfo(const Json& data, int64_t timestamp) {
  const auto number = ModelJson::numberAt(data, "roundNumber");
  const auto phase = ModelJson::stringAt(data, "roundPhase");
  if (!number || !phase || !(*number >= 0) || *number > TeamModel::kMaxRounds ||
      std::floor(*number) != *number)
    return Applied::Ignored;
  roundNumber_ = *number;
  roundPhase_ = *phase;
  if (roundPhase_ == "shopping") {
    if (roundNumber_ != 1) processRoundReasons();
    spikePlanted_ = spikeDetonated_ = spikeDefused_ = false;
    const bool isSwitchRound = roundNumber_ == switchRound_ || roundNumber_ >= firstOtRound_;
    if (isSwitchRound) {
      for (auto& team : teams_) team.switchSides();
    }
    for (auto& team : teams_) team.resetRoundSpecificValues(isSwitchRound);
  } else if (roundPhase_ == "combat") {
    for (auto& team : teams_) team.findDuplicateAgents();
    roundTimeoutTime_ = timestamp + kRoundTimeMs;
  } else if (roundPhase_ == "end") {
    roundTimeoutTime_.reset();
    spikeDetonationTime_.reset();
  } else if (roundPhase_ == "game_end") {
    isRunning_ = false;
    eventNumber_++;
    return Applied::GameEnded;
  }
  return Applied::Changed;
}

void MatchModel::processScoreCalculation(double team0Score, double team1Score, int64_t timestamp) {
  TeamModel& team0 = *teamWithIngameId(0);
  TeamModel& team1 = *teamWithIngameId(1);
  if (team0Score > team0.roundsWon()) {
    attackersWon_ = team0.isAttacking();
  } else if (team1Score > team1.roundsWon()) {
    attackersWon_ = team1.isAttacking();
  }
  // The round timer ran out (no plant): the defenders won on time.
  wasTimeout_ = roundTimeoutTime_ && timestamp >= *roundTimeoutTime_;
  team0.setRoundsWon(team0Score);
  team1.setRoundsWon(team1Score);
}

void MatchModel::processRoundReasons() {
  TeamModel* attacking = nullptr;
  TeamModel* defending = nullptr;
  for (auto& team : teams_) {
    if (team.isAttacking() && attacking == nullptr) attacking = &team;
    if (!team.isAttacking() && defending == nullptr) defending = &team;
  }
  // Both teams on one side (a roster said so): upstream threw here; no reasons are recorded.
  if (attacking == nullptr || defending == nullptr) return;
  const double round = roundNumber_ - 1;
  if (attackersWon_) {
    attacking->addRoundReason(spikeDetonated_ ? "detonated" : "kills", round);
    defending->addRoundReason("lost", round);
  } else {
    defending->addRoundReason(spikeDefused_ ? "defused" : (wasTimeout_ ? "timeout" : "kills"),
                              round);
    attacking->addRoundReason("lost", round);
  }
}

void MatchModel::toggleTimeout(bool& team, bool& other, int64_t nowMs) {
  team = !team;
  if (team) {
    other = false;
    techPause_ = false;
    timeRemaining_ = timeoutDuration();
    startTimeoutTimers(nowMs);
  } else {
    // Upstream clears the end timer only; the countdown runs on to 0.
    timeoutEndMs_.reset();
  }
}

void MatchModel::startTimeoutTimers(int64_t nowMs) {
  timeoutEndMs_ = nowMs + static_cast<int64_t>(timeoutDuration() * 1000);
  countdownStartMs_ = nowMs;
  countdownTicks_ = 0;
}

bool MatchModel::advance(int64_t nowMs) {
  bool changed = false;
  if (countdownStartMs_) {
    const int64_t due = (nowMs - *countdownStartMs_) / 1000;
    while (countdownStartMs_ && countdownTicks_ < due) {
      countdownTicks_++;
      if (timeRemaining_ > 0) {
        timeRemaining_--;
        eventNumber_++;
        changed = true;
      } else {
        countdownStartMs_.reset();
      }
    }
  }
  if (timeoutEndMs_ && nowMs >= *timeoutEndMs_) {
    leftTimeout_ = false;
    rightTimeout_ = false;
    countdownStartMs_.reset();
    timeoutEndMs_.reset();
    eventNumber_++;
    changed = true;
  }
  return changed;
}

void MatchModel::setAuxDisconnected(const std::string& playerId) {
  for (auto& team : teams_) team.setAuxDisconnected(playerId);
}

MatchModel::Json MatchModel::fields() const {
  Json j = Json::object();
  j["matchId"] = matchId_;
  j["matchType"] = matchType_;
  j["switchRound"] = ModelJson::number(switchRound_);
  j["firstOtRound"] = ModelJson::number(firstOtRound_);
  j["groupCode"] = groupCode_;
  j["isRunning"] = isRunning_;
  j["roundNumber"] = ModelJson::number(roundNumber_);
  j["roundPhase"] = roundPhase_;
  if (roundTimeoutTime_) j["roundTimeoutTime"] = *roundTimeoutTime_;
  j["wasTimeout"] = wasTimeout_;
  if (spikeDetonationTime_) j["spikeDetonationTime"] = *spikeDetonationTime_;
  Json teams = Json::array();
  for (const auto& team : teams_) teams.push_back(team.toJson());
  j["teams"] = std::move(teams);
  if (map_) j["map"] = *map_;
  j["spikeState"] = {
      {"planted", spikePlanted_}, {"detonated", spikeDetonated_}, {"defused", spikeDefused_}};
  j["attackersWon"] = attackersWon_;
  j["timeoutState"] = {{"techPause", techPause_},
                       {"leftTeam", leftTimeout_},
                       {"rightTeam", rightTimeout_},
                       {"timeRemaining", ModelJson::number(timeRemaining_)}};
  return j;
}

MatchModel::Json MatchModel::overlayJson() const {
  Json j = fields();
  Json tools = tools_;
  if (const auto it = tools.find("playercamsInfo"); it != tools.end() && it->is_object()) {
    it->erase("secret");
    it->erase("endTime");
  }
  j["tools"] = std::move(tools);
  j["isRegistered"] = false;  // no stats backend here
  return j;
}

MatchModel::Json MatchModel::stateJson() const {
  Json j = fields();
  Json timers = Json::object();
  if (timeoutEndMs_) timers["timeoutEndMs"] = *timeoutEndMs_;
  if (countdownStartMs_) timers["countdownStartMs"] = *countdownStartMs_;
  timers["countdownTicks"] = countdownTicks_;
  j["timers"] = std::move(timers);
  return j;
}

}  // namespace spectra_live
