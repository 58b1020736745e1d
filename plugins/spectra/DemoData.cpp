#include "DemoData.hpp"

#include "ToolsData.hpp"

namespace spectra {

void DemoData::install(const KeyStore& keys, const MatchStore& matches, int64_t nowMs) {
  keys.put(kKey, kOrgId, kOrgName, false, nowMs);
  refresh(matches, nowMs);
}

void DemoData::refresh(const MatchStore& matches, int64_t nowMs) {
  LiveMatch match;
  match.groupCode = kGroupCode;
  match.orgId = kOrgId;
  match.leftTeam = {{"name", "Demo Left"},
                    {"tricode", "DML"},
                    {"url", "https://auto.valospectra.com/assets/misc/icon.webp"},
                    {"attackStart", true}};
  match.rightTeam = {{"name", "Demo Right"},
                     {"tricode", "DMR"},
                     {"url", "https://auto.valospectra.com/assets/misc/icon.webp"},
                     {"attackStart", false}};
  match.tools = ToolsData::defaults();
  match.tools["tournamentInfo"] = {{"name", "Demo Cup"}, {"logoUrl", ""}, {"backdropUrl", ""}};
  ToolsData::applySupporterRules(match.tools, false);
  matches.finish(kGroupCode, TeamInfo::of(match, 13, 11), nowMs);
}

void DemoData::uninstall(const KeyStore& keys) {
  keys.remove(kKey);
}

}  // namespace spectra
