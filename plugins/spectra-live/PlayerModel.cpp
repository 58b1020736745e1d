#include "PlayerModel.hpp"

#include "ValorantNames.hpp"

namespace spectra_live {

namespace {

double counter(const std::map<std::string, double>& counts, const std::string& key) {
  const auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

// Upstream's `existing ? counts[key] = existing++ : counts[key] = 1`: the post-increment's
// result is stored, so a count, once 1, stays 1. Kept, since overlays see these numbers.
void countOnce(std::map<std::string, double>& counts, const std::string& key) {
  const double existing = counter(counts, key);
  counts[key] = existing != 0 ? existing : 1;
}

ModelJson::Json counts(const std::map<std::string, double>& values) {
  ModelJson::Json out = ModelJson::Json::object();
  for (const auto& [key, value] : values) out[key] = ModelJson::number(value);
  return out;
}

std::map<std::string, double> readCounts(const ModelJson::Json& stored, const char* key) {
  std::map<std::string, double> out;
  const auto it = stored.find(key);
  if (it == stored.end() || !it->is_object()) return out;
  for (const auto& [name, value] : it->items()) {
    if (value.is_number()) out[name] = value.get<double>();
  }
  return out;
}

}  // namespace

bool PlayerModel::validRoster(const Json& roster) {
  for (const char* key : {"name", "tagline", "playerId"}) {
    if (!ModelJson::stringAt(roster, key)) return false;
  }
  // agentInternal and position may be absent before agent select; locked is a boolean.
  if (roster.contains("agentInternal") && !roster["agentInternal"].is_string()) return false;
  if (roster.contains("locked") && !roster["locked"].is_boolean()) return false;
  return true;
}

bool PlayerModel::validScoreboardRow(const Json& row) {
  if (!row.is_object() || !ModelJson::stringAt(row, "agentInternal") ||
      !ModelJson::boolAt(row, "isAlive"))
    return false;
  for (const char* key : {"kills", "deaths", "assists", "currUltPoints", "maxUltPoints", "money"}) {
    if (!ModelJson::numberAt(row, key)) return false;
  }
  return true;
}

PlayerModel::PlayerModel(const Json& roster) {
  name_ = ModelJson::readString(roster, "name", "");
  tagline_ = ModelJson::readString(roster, "tagline", "");
  riotId_ = ModelJson::readString(roster, "playerId", "");
  searchName_ = name_ + " #" + tagline_;
  position_ = ModelJson::readNumber(roster, "position", 0);
  setAgent(ModelJson::readString(roster, "agentInternal", ""));
  locked_ = ModelJson::readBool(roster, "locked", false);
  isCaptain_ = ModelJson::readBool(roster, "isCaptain", false);
}

void PlayerModel::setAgent(const std::string& internal) {
  agentInternal_ = internal;
  // `Agents[internal] || internal`: "" maps to "No Agent selected", which is truthy.
  const auto proper = ValorantNames::agent(internal);
  agentProper_ = proper && !proper->empty() ? *proper : internal;
}

void PlayerModel::onRosterUpdate(const Json& roster) {
  // As upstream: the search name (what "observing" matches) keeps the first roster's name.
  name_ = ModelJson::readString(roster, "name", name_);
  tagline_ = ModelJson::readString(roster, "tagline", tagline_);
  setAgent(ModelJson::readString(roster, "agentInternal", ""));
  locked_ = ModelJson::readBool(roster, "locked", false);
  if (const auto captain = ModelJson::boolAt(roster, "isCaptain")) isCaptain_ = *captain;
}

void PlayerModel::updateFromScoreboard(const Json& row) {
  updateSharedScoreboardData(row);
  scoreboardAvailable_ = true;
}

void PlayerModel::updateFromAuxiliaryScoreboard(const Json& row) {
  if (scoreboardAvailable_) return;
  updateSharedScoreboardData(row);
  auxScoreboard_ = true;
}

void PlayerModel::updateSharedScoreboardData(const Json& row) {
  const double kills = *ModelJson::numberAt(row, "kills");
  const double deaths = *ModelJson::numberAt(row, "deaths");
  const double assists = *ModelJson::numberAt(row, "assists");
  const double money = *ModelJson::numberAt(row, "money");
  const bool alive = *ModelJson::boolAt(row, "isAlive");
  if (kills > kills_) killsThisRound_++;
  setAgent(*ModelJson::stringAt(row, "agentInternal"));
  agentSpecificScoreboardChecks(kills, assists, ModelJson::numberAt(row, "currUltPoints"));
  kills_ = kills;
  if (deaths > deaths_) deathsThisRound_ += deaths - deaths_;
  deaths_ = deaths;
  assists_ = assists;
  kdRatio_ = kills_ / deaths_;  // NaN or Infinity with no deaths: printed null, as upstream
  currUltPoints_ = *ModelJson::numberAt(row, "currUltPoints");
  maxUltPoints_ = *ModelJson::numberAt(row, "maxUltPoints");
  ultReady_ = currUltPoints_ >= maxUltPoints_;
  if (!spentMoneyThisRound_ && money < money_) spentMoneyThisRound_ = true;
  if (spentMoneyThisRound_ && money != money_) moneySpent_ += money_ - money;
  money_ = money;
  const auto armor = ModelJson::numberAt(row, "initialArmor");
  armorName_ = armor ? ValorantNames::armor(*armor) : std::nullopt;
  const auto weapon = ModelJson::stringAt(row, "scoreboardWeaponInternal");
  highestWeapon_ = weapon ? ValorantNames::weapon(*weapon) : std::nullopt;
  if (!alive && isAlive_) {  // dies
    agentSpecificDeathChecks();
    health_ = 0;
  }
  if (alive && !isAlive_) health_ = 100;  // revived
  isAlive_ = alive;
  hasSpike_ = ModelJson::readBool(row, "hasSpike", false);
}

void PlayerModel::extractKillfeedInfo(const Json& killfeed) {
  countOnce(killsByWeaponsAndAbilities_,
            ModelJson::readString(killfeed, "weaponKillfeedInternal", "undefined"));
  const std::string victim = ModelJson::readString(killfeed, "victim", "");
  if (ModelJson::readBool(killfeed, "headshotKill", false)) {
    headshotKills_++;
    headshotRatio_ = headshotKills_ / kills_;
  }
  const auto teamkill = ModelJson::boolAt(killfeed, "isTeamkill");
  if (teamkill == true) {
    teamKills_++;
    countOnce(killsOnTeammatePlayer_, victim);
  }
  if (teamkill == false) countOnce(killsOnEnemyPlayer_, victim);
  killedPlayerNames_.push_back(victim);
}

void PlayerModel::fallbackKillfeedExtraction(bool victim) {
  if (scoreboardAvailable_ || auxScoreboard_) return;
  if (victim) {
    isAlive_ = false;
    health_ = 0;
    deaths_++;
    deathsThisRound_++;
  } else {
    // The teamkill flag is unreliable, so upstream counts every killfeed kill here.
    agentSpecificScoreboardChecks(kills_ + 1, std::nullopt, std::nullopt);
    kills_++;
    killsThisRound_++;
  }
}

void PlayerModel::fallbackAssistIncrement() {
  if (scoreboardAvailable_ || auxScoreboard_) return;
  agentSpecificScoreboardChecks(std::nullopt, assists_ + 1, std::nullopt);
  assists_++;
}

void PlayerModel::processObservedEvent(const std::string& observedName) {
  isObserved_ = searchName_ == observedName;
}

void PlayerModel::updateAbilities(double grenade, double ability1, double ability2) {
  grenade_ = grenade;
  ability1_ = ability1;
  ability2_ = ability2;
  auxAbilities_ = true;
}

void PlayerModel::setHealth(double health) {
  health_ = health;
  auxHealth_ = true;
}

void PlayerModel::resetRoundSpecificValues(bool isSideSwitch) {
  killsThisRound_ = 0;
  moneySpent_ = 0;
  spentMoneyThisRound_ = false;
  if (isSideSwitch) money_ = 800;
  scoreboardAvailable_ = false;
  auxScoreboard_ = false;
  isAlive_ = true;
  health_ = 100;
  deathsThisRound_ = 0;
  killedPlayerNames_.clear();
}

void PlayerModel::setAuxDisconnected() {
  auxHealth_ = false;
  auxAbilities_ = false;
  auxScoreboard_ = false;
}

void PlayerModel::agentSpecificScoreboardChecks(std::optional<double> kills,
                                                std::optional<double> assists,
                                                std::optional<double> currUltPoints) {
  if (agentProper_ != ValorantNames::kClove) return;
  // Clove spending all ultimate points revives them on a timer: a representative icon.
  if (currUltPoints == 0.0 && ultReady_) iconNameSuffix_ = ValorantNames::kCloveUltimateSuffix;
  // A kill or (very likely damaging) assist ends that state.
  if (kills && *kills != 0 && *kills > kills_) iconNameSuffix_.clear();
  if (assists && *assists != 0 && *assists > assists_) iconNameSuffix_.clear();
}

void PlayerModel::agentSpecificDeathChecks() {
  if (agentProper_ == ValorantNames::kAstra || agentProper_ == ValorantNames::kClove)
    iconNameSuffix_.clear();
}

void PlayerModel::setAstraTargeting(bool targeting) {
  if (agentProper_ != ValorantNames::kAstra) return;
  iconNameSuffix_ = targeting ? std::string(ValorantNames::kAstraTargetingSuffix) : "";
}

void PlayerModel::setCypherCam(bool camActive) {
  if (agentProper_ != ValorantNames::kCypher) return;
  iconNameSuffix_ = camActive ? std::string(ValorantNames::kCypherCamSuffix) : "";
}

PlayerModel::Json PlayerModel::toJson() const {
  using M = ModelJson;
  Json j = Json::object();
  j["name"] = name_;
  j["tagline"] = tagline_;
  j["riotId"] = riotId_;
  j["searchName"] = searchName_;
  j["position"] = M::number(position_);
  j["locked"] = locked_;
  j["agentInternal"] = agentInternal_;
  j["agentProper"] = agentProper_;
  j["isAlive"] = isAlive_;
  j["hasSpike"] = hasSpike_;
  j["isObserved"] = isObserved_;
  j["health"] = M::number(health_);
  j["abilities"] = {{"grenade", M::number(grenade_)},
                    {"ability1", M::number(ability1_)},
                    {"ability2", M::number(ability2_)}};
  j["kills"] = M::number(kills_);
  j["deaths"] = M::number(deaths_);
  j["assists"] = M::number(assists_);
  j["kdRatio"] = M::number(kdRatio_);
  j["killsThisRound"] = M::number(killsThisRound_);
  j["currUltPoints"] = M::number(currUltPoints_);
  j["maxUltPoints"] = M::number(maxUltPoints_);
  j["ultReady"] = ultReady_;
  j["money"] = M::number(money_);
  j["moneySpent"] = M::number(moneySpent_);
  j["spentMoneyThisRound"] = spentMoneyThisRound_;
  if (armorName_) j["armorName"] = *armorName_;
  if (highestWeapon_) j["highestWeapon"] = *highestWeapon_;
  j["teamKills"] = M::number(teamKills_);
  j["headshotKills"] = M::number(headshotKills_);
  j["headshotRatio"] = M::number(headshotRatio_);
  j["killsByWeaponsAndAbilities"] = counts(killsByWeaponsAndAbilities_);
  j["killsOnEnemyPlayer"] = counts(killsOnEnemyPlayer_);
  j["killsOnTeammatePlayer"] = counts(killsOnTeammatePlayer_);
  j["assistsFromTeammate"] = counts(assistsFromTeammate_);
  j["scoreboardAvailable"] = scoreboardAvailable_;
  j["auxiliaryAvailable"] = {
      {"health", auxHealth_}, {"abilities", auxAbilities_}, {"scoreboard", auxScoreboard_}};
  j["iconNameSuffix"] = iconNameSuffix_;
  j["fullName"] = name_ + "#" + tagline_;
  j["playerId"] = riotId_;
  j["isCaptain"] = isCaptain_;
  j["deathsThisRound"] = M::number(deathsThisRound_);
  j["killedPlayerNames"] = killedPlayerNames_;
  return j;
}

PlayerModel PlayerModel::fromJson(const Json& s) {
  using M = ModelJson;
  PlayerModel p;
  p.name_ = M::readString(s, "name", "");
  p.tagline_ = M::readString(s, "tagline", "");
  p.riotId_ = M::readString(s, "riotId", "");
  p.searchName_ = M::readString(s, "searchName", p.name_ + " #" + p.tagline_);
  p.position_ = M::readNumber(s, "position", 0);
  p.locked_ = M::readBool(s, "locked", false);
  p.agentInternal_ = M::readString(s, "agentInternal", "");
  p.agentProper_ = M::readString(s, "agentProper", "");
  p.isAlive_ = M::readBool(s, "isAlive", true);
  p.hasSpike_ = M::readBool(s, "hasSpike", false);
  p.isObserved_ = M::readBool(s, "isObserved", false);
  p.health_ = M::readNumber(s, "health", 100);
  const Json abilities = s.value("abilities", Json::object());
  p.grenade_ = M::readNumber(abilities, "grenade", 0);
  p.ability1_ = M::readNumber(abilities, "ability1", 0);
  p.ability2_ = M::readNumber(abilities, "ability2", 0);
  p.kills_ = M::readNumber(s, "kills", 0);
  p.deaths_ = M::readNumber(s, "deaths", 0);
  p.assists_ = M::readNumber(s, "assists", 0);
  p.kdRatio_ = M::readNumber(s, "kdRatio", 0);
  p.killsThisRound_ = M::readNumber(s, "killsThisRound", 0);
  p.currUltPoints_ = M::readNumber(s, "currUltPoints", 0);
  p.maxUltPoints_ = M::readNumber(s, "maxUltPoints", 0);
  p.ultReady_ = M::readBool(s, "ultReady", false);
  p.money_ = M::readNumber(s, "money", 0);
  p.moneySpent_ = M::readNumber(s, "moneySpent", 0);
  p.spentMoneyThisRound_ = M::readBool(s, "spentMoneyThisRound", false);
  p.armorName_ = M::readOptionalString(s, "armorName");
  p.highestWeapon_ = M::readOptionalString(s, "highestWeapon");
  p.teamKills_ = M::readNumber(s, "teamKills", 0);
  p.headshotKills_ = M::readNumber(s, "headshotKills", 0);
  p.headshotRatio_ = M::readNumber(s, "headshotRatio", 0);
  p.killsByWeaponsAndAbilities_ = readCounts(s, "killsByWeaponsAndAbilities");
  p.killsOnEnemyPlayer_ = readCounts(s, "killsOnEnemyPlayer");
  p.killsOnTeammatePlayer_ = readCounts(s, "killsOnTeammatePlayer");
  p.assistsFromTeammate_ = readCounts(s, "assistsFromTeammate");
  p.scoreboardAvailable_ = M::readBool(s, "scoreboardAvailable", false);
  const Json aux = s.value("auxiliaryAvailable", Json::object());
  p.auxHealth_ = M::readBool(aux, "health", false);
  p.auxAbilities_ = M::readBool(aux, "abilities", false);
  p.auxScoreboard_ = M::readBool(aux, "scoreboard", false);
  p.iconNameSuffix_ = M::readString(s, "iconNameSuffix", "");
  p.isCaptain_ = M::readBool(s, "isCaptain", false);
  p.deathsThisRound_ = M::readNumber(s, "deathsThisRound", 0);
  if (const auto it = s.find("killedPlayerNames"); it != s.end() && it->is_array()) {
    for (const auto& name : *it) {
      if (name.is_string()) p.killedPlayerNames_.push_back(name.get<std::string>());
    }
  }
  return p;
}

}  // namespace spectra_live
