#include "ValorantNames.hpp"

#include <array>
#include <cmath>
#include <map>

namespace spectra_live {

namespace {

using Table = std::map<std::string_view, std::string_view, std::less<>>;

std::optional<std::string> lookup(const Table& table, std::string_view key) {
  const auto it = table.find(key);
  if (it == table.end()) return std::nullopt;
  return std::string(it->second);
}

const Table& agents() {
  // Each agent: its internal name, the character's "_PC_C" class, and its killfeed icon (which
  // names the internal name, so an assist icon can be matched to a player's agentInternal).
  static const Table table = [] {
    Table t{{"", "No Agent selected"}};
    struct Agent {
      std::string_view internal, pc, killfeed, display, killfeedTarget;
    };
    static constexpr std::array<Agent, 27> list{{
        {"Clay", "Clay_PC_C", "TX_Killfeed_Raze", "Raze", "Clay"},
        {"Pandemic", "Pandemic_PC_C", "TX_Killfeed_Viper", "Viper", "Pandemic"},
        {"Wraith", "Wraith_PC_C", "TX_Killfeed_Omen", "Omen", "Wraith"},
        {"Hunter", "Hunter_PC_C", "TX_Killfeed_Sova", "Sova", "Hunter"},
        {"Thorne", "Thorne_PC_C", "TX_Killfeed_Sage", "Sage", "Thorne"},
        {"Phoenix", "Phoenix_PC_C", "TX_Killfeed_Phoenix", "Phoenix", "Phoenix"},
        {"Wushu", "Wushu_PC_C", "TX_Killfeed_Jett", "Jett", "Wushu"},
        {"Gumshoe", "Gumshoe_PC_C", "TX_Killfeed_Cypher", "Cypher", "Gumshoe"},
        {"Sarge", "Sarge_PC_C", "TX_Killfeed_Brimstone", "Brimstone", "Sarge"},
        {"Breach", "Breach_PC_C", "TX_Killfeed_Breach", "Breach", "Breach"},
        {"Vampire", "Vampire_PC_C", "TX_Killfeed_Reyna", "Reyna", "Vampire"},
        {"Killjoy", "Killjoy_PC_C", "TX_Killfeed_Killjoy", "Killjoy", "Killjoy"},
        {"Guide", "Guide_PC_C", "TX_Killfeed_Skye", "Skye", "Guide"},
        {"Stealth", "Stealth_PC_C", "TX_Killfeed_Yoru", "Yoru", "Stealth"},
        {"Rift", "Rift_PC_C", "TX_Killfeed_Astra", "Astra", "Rift"},
        {"Grenadier", "Grenadier_PC_C", "TX_Killfeed_KAYO", "KAYO", "Grenadier"},
        {"Deadeye", "Deadeye_PC_C", "TX_Killfeed_Chamber", "Chamber", "Deadeye"},
        {"Sprinter", "Sprinter_PC_C", "TX_Killfeed_Neon", "Neon", "Sprinter"},
        {"BountyHunter", "BountyHunter_PC_C", "TX_Killfeed_Fade", "Fade", "BountyHunter"},
        {"Mage", "Mage_PC_C", "TX_Killfeed_Harbor", "Harbor", "Mage"},
        {"Aggrobot", "Aggrobot_PC_C", "TX_Killfeed_Gekko", "Gekko", "Aggrobot"},
        {"Cable", "Cable_PC_C", "TX_Killfeed_Deadlock", "Deadlock", "Cable"},
        {"Sequoia", "Sequoia_PC_C", "TX_Killfeed_Iso", "Iso", "Sequoia"},
        {"Smonk", "Smonk_PC_C", "TX_Killfeed_Clove", "Clove", "Smonk"},
        {"Nox", "Nox_PC_C", "TX_Killfeed_Vyse", "Vyse", "Nox"},
        {"Cashew", "Cashew_PC_C", "TX_Killfeed_Tejo", "Tejo", "Cashew"},
        {"Terra", "Terra_PC_C", "TX_Killfeed_Waylay", "Waylay", "Terra"},
    }};
    for (const Agent& a : list) {
      t.emplace(a.internal, a.display);
      t.emplace(a.pc, a.display);
      t.emplace(a.killfeed, a.killfeedTarget);
    }
    return t;
  }();
  return table;
}

const Table& weapons() {
  static const Table table{
      {"TX_Hud_Pistol_Classic", "Classic"},
      {"TX_Hud_Pistol_Glock_S", "Classic"},
      {"TX_Hud_Pistol_Slim", "Shorty"},
      {"TX_Hud_Pistol_SawedOff_S", "Shorty"},
      {"TX_Hud_Pistol_AutoPistol", "Frenzy"},
      {"TX_Hud_AutoPistol", "Frenzy"},
      {"TX_Hud_Pistol_Luger", "Ghost"},
      {"TX_Hud_Pistol_Luger_S", "Ghost"},
      {"TX_Hud_Pistol_Sheriff", "Sheriff"},
      {"TX_Hud_Pistol_Revolver_S", "Sheriff"},
      {"TX_Hud_Shotguns_Pump", "Bucky"},
      {"TX_Hud_Pump", "Bucky"},
      {"TX_Hud_Shotguns_Persuader", "Judge"},
      {"TX_Hud_Shotguns_Spas12_S", "Judge"},
      {"TX_Hud_SMGs_Vector", "Stinger"},
      {"TX_Hud_Vector", "Stinger"},
      {"TX_Hud_SMGs_Ninja", "Spectre"},
      {"TX_Hud_SMG_MP5_S", "Spectre"},
      {"TX_Hud_Rifles_Burst", "Bulldog"},
      {"TX_Hud_Burst", "Bulldog"},
      {"TX_Hud_Rifles_DMR", "Guardian"},
      {"tx_hud_dmr", "Guardian"},
      {"TX_Hud_Rifles_Ghost", "Phantom"},
      {"TX_Hud_Assault_AR10A2_S", "Phantom"},
      {"TX_Hud_Rifles_Volcano", "Vandal"},
      {"TX_Hud_Volcano", "Vandal"},
      {"TX_Hud_Sniper_Bolt", "Marshal"},
      {"TX_Hud_Sniper_BoltAction_S", "Marshal"},
      {"TX_Hud_Sniper_Operater", "Operator"},
      {"TX_Hud_Operator", "Operator"},
      {"TX_Hud_Sniper_DoubleSniper", "Outlaw"},
      {"TX_Hud_DoubleSniper", "Outlaw"},
      {"TX_Hud_LMG", "Ares"},
      {"TX_Hud_HMG", "Odin"},
      {"knife", "Knife"},
      {"TX_Hud_Knife_Standard_S", "Knife"},
      {"unknown", "Unknown"},
      {"TX_Breach_FusionBlast", "Aftershock"},
      {"TX_Sarge_MolotovLauncher", "Incendiary"},
      {"TX_Sarge_OrbitalStrike", "Orbital Strike (ULT)"},
      {"TX_Pheonix_FireWall", "Blaze"},
      {"TX_Pheonix_Molotov", "Hot Hands"},
      {"TX_Hunter_ShockArrow", "Shock Bolt"},
      {"TX_Hunter_BowBlast", "Hunters Fury"},
      {"TX_Hud_Deadeye_Q_Pistol", "Headhunter"},
      {"TX_Hud_Deadeye_X_GiantSlayer", "Tour de Force (ULT)"},
      {"TX_Cable_FishingHook", "Annihilation (ULT)"},
      {"TX_Hud_Wushu_X_Dagger", "Blade Storm (ULT)"},
      {"TX_Neon_Ult", "Overdrive (ULT)"},
      {"TX_Thorne_Heal", "Resurrection (ULT)"},
      {"TX_Gumshoe_Tripwire", "Trapwire"},
      {"TX_Gren_Icon", "Frag/ment"},
      {"TX_Aggrobot_Bubbles", "Mosh Pit"},
      {"TX_KJ_Bees", "Nanoswarm"},
      {"tx_KJ_turret", "Turret"},
      {"TX_Clay_Boomba", "Boom bot"},
      {"TX_Clay_ClusterBomb", "Paint Shells"},
      {"TX_Clay_RocketLauncher", "Show stopper (ULT)"},
      {"TX_Guide4", "Trail blazer"},
      {"TX_Pandemic_AcidLauncher", "Snake bite"},
  };
  return table;
}

const Table& maps() {
  static const Table table{
      {"Infinityy", "Abyss"},     {"Triad", "Haven"},         {"Duality", "Bind"},
      {"Bonsai", "Split"},        {"Ascent", "Ascent"},       {"Port", "Icebox"},
      {"Foxtrot", "Breeze"},      {"Canyon", "Fracture"},     {"Pitt", "Pearl"},
      {"Jam", "Lotus"},           {"Juliett", "Sunset"},      {"Range", "Practice Range"},
      {"HURM_Alley", "District"}, {"HURM_Yard", "Piazza "},   {"HURM_Bowl", "Kasbah"},
      {"HURM_Helix", "Drift"},    {"Corrode_Map", "Corrode"},
  };
  return table;
}

}  // namespace

std::optional<std::string> ValorantNames::agent(std::string_view internal) {
  return lookup(agents(), internal);
}

std::optional<std::string> ValorantNames::weapon(std::string_view internal) {
  return lookup(weapons(), internal);
}

std::optional<std::string> ValorantNames::map(std::string_view internal) {
  return lookup(maps(), internal);
}

std::optional<std::string> ValorantNames::armor(double index) {
  static constexpr std::array<std::string_view, 5> armor{"None", "Light", "Heavy", "None", "Regen"};
  if (!(index >= 0) || index >= static_cast<double>(armor.size()) || std::floor(index) != index)
    return std::nullopt;
  return std::string(armor[static_cast<size_t>(index)]);
}

}  // namespace spectra_live
