// spellbot: exports SpellbotPlugin through the apiary ABI.
#include "SpellbotPlugin.hpp"

APIARY_PLUGIN(spellbot::SpellbotPlugin)
