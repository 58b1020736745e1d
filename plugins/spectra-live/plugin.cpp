// spectra-live: exports SpectraLivePlugin through the apiary ABI.
#include "SpectraLivePlugin.hpp"

APIARY_PLUGIN(spectra_live::SpectraLivePlugin)
