// backend-tebex-oauth: exports BackendPlugin through the apiary ABI.
#include "BackendPlugin.hpp"

APIARY_PLUGIN(backend_tebex_oauth::BackendPlugin)
