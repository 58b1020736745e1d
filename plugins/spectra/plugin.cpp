// spectra: exports SpectraPlugin through the apiary ABI.
#include "SpectraPlugin.hpp"

APIARY_PLUGIN(spectra::SpectraPlugin)
