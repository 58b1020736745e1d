// spectrum: exports SpectrumPlugin through the apiary ABI.
#include "SpectrumPlugin.hpp"

APIARY_PLUGIN(spectrum::SpectrumPlugin)
