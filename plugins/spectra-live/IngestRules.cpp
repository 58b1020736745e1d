#include "IngestRules.hpp"

#include <apiary/json_depth.hpp>

#include "ClientVersion.hpp"
#include "ToolsData.hpp"

namespace spectra_live {

namespace {

std::string orgIdText(const Json& orgId) {
  if (orgId.is_null()) return "";
  if (orgId.is_string()) return orgId.get<std::string>();
  return orgId.dump();
}

const Json* member(const Json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

std::string textOf(const Json* value) {
  if (value == nullptr || value->is_null()) return "undefined";
  if (value->is_string()) return value->get<std::string>();
  return value->dump();
}

int64_t integerOr(const Json* value, int64_t fallback) {
  if (value != nullptr && value->is_number_integer()) return value->get<int64_t>();
  if (value != nullptr && value->is_number_float())
    return static_cast<int64_t>(value->get<double>());
  return fallback;
}

}  // namespace

Json IngestRules::ack(const char* type, bool value, const std::string& reason) {
  return Json{{"type", type}, {"value", value}, {"reason", reason}};
}

std::optional<Json> IngestRules::parseArgument(const Json* argument) {
  if (argument == nullptr) return std::nullopt;
  if (argument->is_object()) return *argument;
  if (!argument->is_string()) return std::nullopt;
  const std::string& text = argument->get_ref<const std::string&>();
  if (!apiary::jsonDepthWithin(text)) return std::nullopt;
  Json parsed = Json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

IngestRules::Logon IngestRules::observerLogon(const Json& argument, int64_t nowMs) const {
  constexpr const char* kType = "authenticate";
  Logon logon;
  const auto packet = parseArgument(&argument);
  const Json* groupCode = packet ? member(*packet, "groupCode") : nullptr;
  // Upstream only checked the type; a group code that is not a non-empty string would have made
  // a match nobody can address, so it is an invalid packet here too.
  if (!packet || textOf(member(*packet, "type")) != kType || groupCode == nullptr ||
      !groupCode->is_string() || groupCode->get_ref<const std::string&>().empty()) {
    logon.ack = ack(kType, false, "Invalid packet.");
    return logon;
  }
  const Json* clientVersion = member(*packet, "clientVersion");
  if (clientVersion == nullptr || !clientVersion->is_string() ||
      !ClientVersion::compatible(clientVersion->get_ref<const std::string&>())) {
    logon.ack = ack(kType, false,
                    "Client version " + textOf(clientVersion) +
                        " is not compatible with server version " + kServerVersion + ".");
    return logon;
  }
  const Json* key = member(*packet, "key");
  const spectra::KeyCheck check = checkKey_(key == nullptr ? Json() : *key);
  if (!check.valid()) {
    logon.ack = ack(kType, false,
                    check.outcome == spectra::KeyCheck::Outcome::Unavailable ? "Unknown Error"
                                                                             : check.reason());
    return logon;
  }

  spectra::LiveMatch match;
  match.groupCode = groupCode->get<std::string>();
  const Json* secret = member(*packet, "groupSecret");
  const bool reconnecting =
      secret != nullptr && secret->is_string() && !secret->get_ref<const std::string&>().empty();
  match.groupSecret = reconnecting ? secret->get<std::string>() : newSecret_();
  match.orgId = orgIdText(check.orgId);
  match.isSupporter = check.isSupporter;
  const Json* left = member(*packet, "leftTeam");
  const Json* right = member(*packet, "rightTeam");
  match.leftTeam = left != nullptr ? *left : Json::object();
  match.rightTeam = right != nullptr ? *right : Json::object();
  try {
    match.tools = spectra::ToolsData::fromClient(member(*packet, "toolsData"));
  } catch (const spectra::JsTypeError&) {
    logon.ack = ack(kType, false, "Invalid packet.");
    return logon;
  }
  spectra::ToolsData::applySupporterRules(match.tools, check.isSupporter);

  switch (matches_.create(match, nowMs)) {
    case spectra::MatchStore::Created::Yes:
      // A stale secret for a code that is no longer live starts a fresh match: it gets a fresh
      // secret too, so the old one cannot take it over later.
      if (reconnecting) {
        matches_.remove(match.groupCode);
        match.groupSecret = newSecret_();
        matches_.create(match, nowMs);
      }
      logon.ack = ack(kType, true, match.groupSecret);
      break;
    case spectra::MatchStore::Created::Reconnected:
      logon.ack = ack(kType, true, "reconnected");
      logon.reconnected = true;
      break;
    case spectra::MatchStore::Created::CodeInUse:
      logon.ack = ack(kType, false,
                      "Game with Group Code " + match.groupCode + " exists and is still live.");
      return logon;
  }
  logon.accepted = true;
  logon.groupCode = match.groupCode;
  return logon;
}

IngestRules::Logon IngestRules::auxiliaryLogon(const Json& argument, int64_t nowMs) const {
  constexpr const char* kType = "aux_authenticate";
  Logon logon;
  const auto packet = parseArgument(&argument);
  const Json* matchId = packet ? member(*packet, "matchId") : nullptr;
  if (!packet || textOf(member(*packet, "type")) != kType || matchId == nullptr ||
      !matchId->is_string()) {
    logon.ack = ack(kType, false, "Invalid packet.");
    return logon;
  }
  const Json* clientVersion = member(*packet, "clientVersion");
  if (clientVersion == nullptr || !clientVersion->is_string() ||
      !ClientVersion::compatible(clientVersion->get_ref<const std::string&>())) {
    logon.ack = ack(kType, false,
                    "Client version " + textOf(clientVersion) +
                        " is not compatible with server version " + kServerVersion + ".");
    return logon;
  }
  std::string code = matchId->get<std::string>();
  if (!matches_.find(code, nowMs)) {
    const auto byGame = resolveMatchId_ ? resolveMatchId_(code) : std::nullopt;
    if (!byGame || !matches_.find(*byGame, nowMs)) {
      logon.ack = ack(kType, false, "Game with Group Code " + code + " not found.");
      return logon;
    }
    code = *byGame;
  }
  logon.ack = ack(kType, true, code);
  logon.accepted = true;
  logon.groupCode = code;
  const Json* playerId = member(*packet, "playerId");
  if (playerId != nullptr && playerId->is_string()) logon.playerId = playerId->get<std::string>();
  return logon;
}

IngestRules::DataOutcome IngestRules::data(const std::string& groupCode, const Json& argument,
                                           Score& score, int64_t nowMs,
                                           const std::string& gameMatchId) const {
  const auto packet = parseArgument(&argument);
  if (!packet) return DataOutcome::Invalid;
  // obs_data names the match groupCode, aux_data matchId; another match's data is ignored.
  const Json* code = member(*packet, "groupCode");
  if (code == nullptr) code = member(*packet, "matchId");
  if (code == nullptr || !code->is_string()) return DataOutcome::Invalid;
  const std::string& named = code->get_ref<const std::string&>();
  if (named != groupCode && (gameMatchId.empty() || named != gameMatchId))
    return DataOutcome::Invalid;
  const Json* type = member(*packet, "type");
  if (type == nullptr || !type->is_string()) return DataOutcome::Invalid;
  const Json* data = member(*packet, "data");

  if (*type == "score" && data != nullptr) {
    score.left = integerOr(member(*data, "team_0"), score.left);
    score.right = integerOr(member(*data, "team_1"), score.right);
  }
  if (*type == "round_info" && data != nullptr) {
    const Json* phase = member(*data, "roundPhase");
    if (phase != nullptr && *phase == "game_end") {
      const auto match = matches_.find(groupCode, nowMs);
      if (!match) return DataOutcome::NotLive;
      matches_.finish(groupCode, spectra::TeamInfo::of(*match, score.left, score.right), nowMs);
      return DataOutcome::Finished;
    }
  }
  return matches_.recordEvent(groupCode, nowMs) ? DataOutcome::Recorded : DataOutcome::NotLive;
}

}  // namespace spectra_live
