// auth-basic: HTTP Basic (RFC 7617) against the host credential store (realm; the user name is
// the subject) and optionally an htpasswd-style file of PBKDF2 hashes. An unknown user costs
// the same as a wrong password.
#pragma once

#include "HtpasswdFile.hpp"

#include <apiary/apiary.hpp>

#include <optional>
#include <string>

class BasicAuthenticator : public apiary::Plugin {
 public:
  static constexpr const char* kName = "auth-basic";
  static constexpr const char* kVersion = "1.0.0";
  static constexpr uint32_t kKind = APIARY_KIND_AUTHENTICATOR;

  struct Credentials {
    std::string user, password;
  };
  enum class Parse { Absent, Malformed, Ok };

  void configure(const apiary::ConfigReader& config) override;
  void routes(apiary::Router&) override {}
  void start() override;
  apiary::AuthOutcome authenticate(const apiary::Request& request,
                                   apiary::AuthResult& result) override;

  // RFC 7617: scheme case-insensitive, base64 strictly decoded, user-id without ':', UTF-8.
  static Parse parse(std::string_view authorization, Credentials& out);

 private:
  std::string realm_;
  std::string challenge_;
  std::string htpasswdPath_;
  int iterations_ = 120000;
  HtpasswdFile htpasswd_;
};
