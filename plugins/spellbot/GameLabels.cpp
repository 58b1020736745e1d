#include "GameLabels.hpp"

#include <array>
#include <string_view>

namespace spellbot {
namespace {

constexpr std::array<std::string_view, 24> kFormats = {
    "Commander",       "Standard",        "Sealed",         "Modern",
    "Vintage",         "Legacy",          "Brawl (Two Players)", "Brawl (Multiplayer)",
    "Two Headed Giant", "Pauper",         "Pioneer",        "EDH Max",
    "EDH High",        "EDH Mid",         "EDH Low",        "EDH Battlecruiser",
    "Planechase",      "Commander Precons", "Oathbreaker",  "Duel Commander",
    "cEDH",            "Archenemy",       "Pauper EDH",     "Horde Magic"};

constexpr std::array<std::string_view, 6> kBrackets = {
    "None",      "Bracket 1: Exhibition", "Bracket 2: Core", "Bracket 3: Upgraded",
    "Bracket 4: Optimized", "Bracket 5: Competitive"};

constexpr std::array<std::string_view, 12> kServices = {
    "Not any",    "SpellTable", "Cockatrice",  "XMage",   "MTG Arena", "MTG Online",
    "TabletopSim", "Table Stream", "Convoke", "Girudo", "EDHLAB",    "Playgroup Live"};

template <size_t N>
std::string label(const std::array<std::string_view, N>& table, int64_t value) {
  if (value < 1 || value > static_cast<int64_t>(N)) return "Unknown";
  return std::string(table[static_cast<size_t>(value - 1)]);
}

template <size_t N>
std::vector<std::pair<int64_t, std::string>> all(const std::array<std::string_view, N>& table) {
  std::vector<std::pair<int64_t, std::string>> out;
  for (size_t i = 0; i < N; ++i) out.emplace_back(static_cast<int64_t>(i + 1), table[i]);
  return out;
}

}  // namespace

std::string GameLabels::format(int64_t value) { return label(kFormats, value); }
std::string GameLabels::bracket(int64_t value) { return label(kBrackets, value); }
std::string GameLabels::service(int64_t value) { return label(kServices, value); }
std::vector<std::pair<int64_t, std::string>> GameLabels::formats() { return all(kFormats); }
std::vector<std::pair<int64_t, std::string>> GameLabels::brackets() { return all(kBrackets); }

}  // namespace spellbot
