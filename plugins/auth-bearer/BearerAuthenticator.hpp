// auth-bearer: `Authorization: Bearer <token>` against the host credential store (realm), an
// operator's static token file, and optionally SpellBot's own `tokens` table.
#pragma once

#include "StaticTokenFile.hpp"

#include <apiary/apiary.hpp>

#include <string>

class BearerAuthenticator : public apiary::Plugin {
 public:
  static constexpr const char* kName = "auth-bearer";
  static constexpr const char* kVersion = "1.0.0";
  static constexpr uint32_t kKind = APIARY_KIND_AUTHENTICATOR;

  void configure(const apiary::ConfigReader& config) override;
  void routes(apiary::Router&) override {}
  void start() override;
  apiary::AuthOutcome authenticate(const apiary::Request& request,
                                   apiary::AuthResult& result) override;

  // The token of an Authorization value, or "" when it is not a usable bearer credential.
  // SpellBot-compatible: the scheme "Bearer " is case-sensitive, the token is trimmed.
  static std::string tokenOf(std::string_view authorization);

 private:
  bool lookUpSpellbotToken(const std::string& token, apiary::AuthResult& result) const;

  std::string realm_;             // credential store realm; "" disables the store
  std::string missingChallenge_;  // WWW-Authenticate of a 401 without a token
  std::string invalidChallenge_;  // ... and of a 401 for a token that is not valid
  std::string tokensFile_;
  bool spellbotTokens_ = false;
  StaticTokenFile staticTokens_;
};
