#include "TeamModel.hpp"

#include "JsSemantics.hpp"
#include "ValorantNames.hpp"

#include <algorithm>
#include <set>

namespace spectra_live {

TeamModel::TeamModel(const Json& authTeam) {
  teamName_ = ModelJson::stringAt(authTeam, "name");
  teamTricode_ = ModelJson::stringAt(authTeam, "tricode");
  teamUrl_ = ModelJson::stringAt(authTeam, "url");
  const bool attackStart = authTeam.is_object() && authTeam.contains("attackStart") &&
                           spectra::JsSemantics::truthy(authTeam["attackStart"]);
  isAttacking_ = attackStart;
  ingameTeamId_ = attackStart ? 0 : 1;
  for (int round = 1; round < 11; ++round)
    roundRecord_.push_back(RecordEntry{"upcoming", isAttacking_, static_cast<double>(round)});
}

PlayerModel* TeamModel::playerById(const std::string& playerId) {
  for (auto& player : players_) {
    if (player.playerId() == playerId) return &player;
  }
  return nullptr;
}

PlayerModel* TeamModel::playerByName(const std::string& name) {
  for (auto& player : players_) {
    if (player.name() == name) return &player;
  }
  return nullptr;
}

bool TeamModel::hasPlayer(const std::string& playerId) const {
  return std::any_of(players_.begin(), players_.end(),
                     [&](const PlayerModel& p) { return p.playerId() == playerId; });
}

void TeamModel::receiveTeamSpecificData(const std::string& type, const Json& packet) {
  const Json data = packet.is_object() && packet.contains("data") ? packet["data"] : Json();
  const std::string sender = ModelJson::readString(packet, "playerId", "");
  if (type == "roster") {
    processRosterData(data);
  } else if (type == "scoreboard") {
    if (!PlayerModel::validScoreboardRow(data)) return;
    PlayerModel* player = playerById(ModelJson::readString(data, "playerId", ""));
    if (player == nullptr) return;
    player->updateFromScoreboard(data);
    spentThisRound_ = spentThisRoundTotal();
  } else if (type == "killfeed") {
    processKillfeedData(data);
  } else if (type == "aux_scoreboard") {
    // The row names its player (the sender's own scoreboard).
    if (!PlayerModel::validScoreboardRow(data)) return;
    PlayerModel* player = playerById(ModelJson::readString(data, "playerId", ""));
    if (player != nullptr) player->updateFromAuxiliaryScoreboard(data);
  } else if (type == "aux_abilities") {
    PlayerModel* player = playerById(sender);
    if (player == nullptr) return;
    const auto grenade = ModelJson::numberAt(data, "grenade");
    const auto one = ModelJson::numberAt(data, "ability_1");
    const auto two = ModelJson::numberAt(data, "ability_2");
    if (!grenade || !one || !two) return;
    player->updateAbilities(*grenade, *one, *two);
  } else if (type == "aux_health") {
    PlayerModel* player = playerById(sender);
    if (player != nullptr && data.is_number()) player->setHealth(data.get<double>());
  } else if (type == "aux_astra_targeting") {
    PlayerModel* player = playerById(sender);
    if (player != nullptr && data.is_boolean()) player->setAstraTargeting(data.get<bool>());
  } else if (type == "aux_cypher_cam") {
    PlayerModel* player = playerById(sender);
    if (player != nullptr && data.is_boolean()) player->setCypherCam(data.get<bool>());
  }
}

void TeamModel::receiveAuxScoreboardTeamData(const std::string& senderId, const Json& rows) {
  if (!hasPlayer(senderId) || !rows.is_array()) return;
  for (const auto& row : rows) {
    if (!PlayerModel::validScoreboardRow(row)) continue;
    PlayerModel* player = playerById(ModelJson::readString(row, "playerId", ""));
    if (player != nullptr) player->updateFromAuxiliaryScoreboard(row);
  }
}

void TeamModel::processRosterData(const Json& roster) {
  if (!PlayerModel::validRoster(roster)) return;
  const std::string playerId = *ModelJson::stringAt(roster, "playerId");
  if (playerId.empty() || ModelJson::stringAt(roster, "name")->empty() ||
      ModelJson::stringAt(roster, "tagline")->empty())
    return;
  if (PlayerModel* player = playerById(playerId)) {
    player->onRosterUpdate(roster);
  } else if (playerCount_ < 5) {
    players_.emplace_back(roster);
    isAttacking_ = ModelJson::numberAt(roster, "startTeam") == 0.0;
    playerCount_++;
  }
  // A sixth player for a full team is dropped (upstream logs it).
}

void TeamModel::processKillfeedData(const Json& killfeed) {
  const auto attackerName = ModelJson::stringAt(killfeed, "attacker");
  const auto victimName = ModelJson::stringAt(killfeed, "victim");
  if (!attackerName || !victimName) return;
  if (PlayerModel* attacker = playerByName(*attackerName)) {
    attacker->extractKillfeedInfo(killfeed);
    attacker->fallbackKillfeedExtraction(false);
    // Assists name agents (killfeed icons): ambiguous with two players on one agent.
    const auto assists = killfeed.find("assists");
    if (!hasDuplicateAgents_ && assists != killfeed.end() && assists->is_array()) {
      for (const auto& icon : *assists) {
        if (!icon.is_string()) continue;
        const auto agent = ValorantNames::agent(icon.get<std::string>());
        if (!agent) continue;
        for (auto& player : players_) {
          if (player.agentInternal() == *agent) {
            player.fallbackAssistIncrement();
            break;
          }
        }
      }
    }
  }
  if (PlayerModel* victim = playerByName(*victimName)) victim->fallbackKillfeedExtraction(true);
}

double TeamModel::spentThisRoundTotal() const {
  double total = 0;
  for (const auto& player : players_) total += player.moneySpent();
  return total;
}

void TeamModel::resetRoundSpecificValues(bool isSideSwitch) {
  for (auto& player : players_) player.resetRoundSpecificValues(isSideSwitch);
}

void TeamModel::findDuplicateAgents() {
  // Once seen, upstream never clears the flag for the match.
  std::set<std::string> seen;
  for (const auto& player : players_) {
    if (!seen.insert(player.agentInternal()).second) {
      hasDuplicateAgents_ = true;
      return;
    }
  }
}

void TeamModel::setObservedPlayer(const std::string& observedName) {
  for (auto& player : players_) player.processObservedEvent(observedName);
}

void TeamModel::setAuxDisconnected(const std::string& playerId) {
  if (PlayerModel* player = playerById(playerId)) player->setAuxDisconnected();
}

void TeamModel::addRoundReason(const std::string& reason, double roundNumber) {
  auto put = [&](double index, RecordEntry entry) {
    // A negative index is a plain property upstream, never serialized.
    if (!(index >= 0) || index >= kMaxRounds) return;
    const auto at = static_cast<size_t>(index);
    if (roundRecord_.size() <= at) roundRecord_.resize(at + 1);
    roundRecord_[at] = std::move(entry);
  };
  put(roundNumber - 1, RecordEntry{reason, isAttacking_, roundNumber});
  put(roundNumber, RecordEntry{"upcoming", isAttacking_, roundNumber + 1});
}

TeamModel::Json TeamModel::toJson() const {
  Json j = Json::object();
  if (teamName_) j["teamName"] = *teamName_;
  if (teamTricode_) j["teamTricode"] = *teamTricode_;
  if (teamUrl_) j["teamUrl"] = *teamUrl_;
  j["ingameTeamId"] = ModelJson::number(ingameTeamId_);
  j["isAttacking"] = isAttacking_;
  j["hasHandledTeam"] = hasHandledTeam_;
  j["roundsWon"] = ModelJson::number(roundsWon_);
  j["spentThisRound"] = ModelJson::number(spentThisRound_);
  Json record = Json::array();
  for (const auto& entry : roundRecord_) {
    if (!entry) {
      record.push_back(nullptr);
      continue;
    }
    record.push_back({{"type", entry->type},
                      {"wasAttack", entry->wasAttack},
                      {"round", ModelJson::number(entry->round)}});
  }
  j["roundRecord"] = std::move(record);
  Json players = Json::array();
  for (const auto& player : players_) players.push_back(player.toJson());
  j["players"] = std::move(players);
  j["playerCount"] = ModelJson::number(playerCount_);
  j["hasDuplicateAgents"] = hasDuplicateAgents_;
  return j;
}

TeamModel TeamModel::fromJson(const Json& s) {
  TeamModel t;
  t.teamName_ = ModelJson::readOptionalString(s, "teamName");
  t.teamTricode_ = ModelJson::readOptionalString(s, "teamTricode");
  t.teamUrl_ = ModelJson::readOptionalString(s, "teamUrl");
  t.ingameTeamId_ = ModelJson::readNumber(s, "ingameTeamId", 0);
  t.isAttacking_ = ModelJson::readBool(s, "isAttacking", false);
  t.hasHandledTeam_ = ModelJson::readBool(s, "hasHandledTeam", false);
  t.roundsWon_ = ModelJson::readNumber(s, "roundsWon", 0);
  t.spentThisRound_ = ModelJson::readNumber(s, "spentThisRound", 0);
  if (const auto it = s.find("roundRecord"); it != s.end() && it->is_array()) {
    for (const auto& entry : *it) {
      if (t.roundRecord_.size() >= kMaxRounds) break;
      if (!entry.is_object()) {
        t.roundRecord_.push_back(std::nullopt);
        continue;
      }
      t.roundRecord_.push_back(RecordEntry{ModelJson::readString(entry, "type", "upcoming"),
                                           ModelJson::readBool(entry, "wasAttack", false),
                                           ModelJson::readNumber(entry, "round", 0)});
    }
  }
  if (const auto it = s.find("players"); it != s.end() && it->is_array()) {
    for (const auto& player : *it) {
      if (player.is_object() && t.players_.size() < 5)
        t.players_.push_back(PlayerModel::fromJson(player));
    }
  }
  t.playerCount_ = static_cast<double>(t.players_.size());
  t.hasDuplicateAgents_ = ModelJson::readBool(s, "hasDuplicateAgents", false);
  return t;
}

}  // namespace spectra_live
