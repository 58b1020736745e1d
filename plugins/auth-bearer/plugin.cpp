// auth-bearer: exports BearerAuthenticator through the apiary ABI.
#include "BearerAuthenticator.hpp"

APIARY_PLUGIN(BearerAuthenticator)
