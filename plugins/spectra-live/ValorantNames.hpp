// The game's internal names as upstream's overlays show them (upstream's ValorantInternalTranslator
// enums and AgentProperties): agents ("Smonk" -> "Clove", and the killfeed's "TX_Killfeed_Clove" ->
// "Smonk"), scoreboard and killfeed weapons, maps, armor by index. A name upstream's table does not
// have is nullopt, as `Enum[key]` is undefined there (and such a field is left out of match_data).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace spectra_live {

class ValorantNames {
 public:
  // Agents[internal]: the agent's display name for "Clay", "Clay_PC_C"; the internal name for a
  // killfeed icon ("TX_Killfeed_Raze" -> "Clay").
  static std::optional<std::string> agent(std::string_view internal);
  // WeaponsAndAbilities[internal]: "TX_Hud_Rifles_Volcano" -> "Vandal".
  static std::optional<std::string> weapon(std::string_view internal);
  // Maps[internal]: "Infinityy" -> "Abyss".
  static std::optional<std::string> map(std::string_view internal);
  // Armor[index]: 0 None, 1 Light, 2 Heavy, 3 None, 4 Regen.
  static std::optional<std::string> armor(double index);

  // Display names the model's agent-specific rules test for, and the icon suffixes they set.
  static constexpr std::string_view kAstra = "Astra";
  static constexpr std::string_view kClove = "Clove";
  static constexpr std::string_view kCypher = "Cypher";
  static constexpr std::string_view kAstraTargetingSuffix = "Targeting";
  static constexpr std::string_view kCloveUltimateSuffix = "NotDeadYet";
  static constexpr std::string_view kCypherCamSuffix = "Cam";
};

}  // namespace spectra_live
