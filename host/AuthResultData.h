// The host's side of apiary_auth_result: what an authenticator (or the credential store) found.
#pragma once

#include <string>
#include <vector>

namespace apiary {

class AuthResultData {
 public:
  std::string principal;
  std::vector<std::string> scopes;
  std::string challenge;
};

}  // namespace apiary
