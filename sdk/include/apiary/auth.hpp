// Authenticator plugins (ABI 1.3): a plugin whose class sets
//   static constexpr uint32_t kKind = APIARY_KIND_AUTHENTICATOR;
// and overrides Plugin::authenticate decides who sent a request. Routes of other plugins name
// its instance in their Policy ("bearer:spellbot"); the host calls it before their handlers.
#pragma once

#include <apiary/host_api.hpp>

namespace apiary {

enum class AuthOutcome : int32_t {
  NoCredentials = APIARY_AUTH_NO_CREDENTIALS,
  Invalid = APIARY_AUTH_INVALID,
  Ok = APIARY_AUTH_OK,
  Error = APIARY_AUTH_ERROR,
};

// What authenticate (or the credential store) found out; host-owned, valid during the call.
class AuthResult {
 public:
  explicit AuthResult(apiary_auth_result* raw) : raw_(raw) {}
  void setPrincipal(std::string_view principal) {
    host().auth_set_principal(raw_, toStr(principal));
  }
  void addScope(std::string_view scope) { host().auth_add_scope(raw_, toStr(scope)); }
  void setChallenge(std::string_view challenge) {
    host().auth_set_challenge(raw_, toStr(challenge));
  }
  apiary_auth_result* raw() const { return raw_; }

 private:
  apiary_auth_result* raw_;
};

}  // namespace apiary
