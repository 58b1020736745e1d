// auth-basic: exports BasicAuthenticator through the apiary ABI.
#include "BasicAuthenticator.hpp"

APIARY_PLUGIN(BasicAuthenticator)
