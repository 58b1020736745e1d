// The host's credential store: secrets per realm, stored hashed (tokens: SHA-256 of a generated
// high-entropy secret; passwords: PBKDF2), shown once when issued, never logged.
//
//   auto issued = credentials().issue({.realm = "spectrum", .subject = projectId,
//                                      .kind = apiary::CredentialKind::Token});
//   show issued.secret once; store issued.id
#pragma once

#include <apiary/auth.hpp>
#include <apiary/database.hpp>

#include <string>
#include <vector>

namespace apiary {

enum class CredentialKind : int32_t {
  Token = APIARY_CREDENTIAL_TOKEN,
  Password = APIARY_CREDENTIAL_PASSWORD,
};

struct CredentialSpec {
  std::string realm;
  std::string subject;
  CredentialKind kind = CredentialKind::Token;
  std::vector<std::string> scopes;
  std::string note;
  std::string password;  // Password kind only
};

struct IssuedCredential {
  int64_t id = 0;
  std::string secret;  // generated tokens only; show it once
};

struct CredentialInfo {
  int64_t id = 0;
  std::string realm, subject;
  CredentialKind kind = CredentialKind::Token;
  std::string scopes;  // comma-separated
  std::string note;
  int64_t createdMs = 0, revokedMs = 0;
};

// Failures throw DbError (storage) with the host's reason.
class CredentialStore {
 public:
  explicit CredentialStore(apiary_plugin_ctx* ctx) : ctx_(ctx) {}

  IssuedCredential issue(const CredentialSpec& spec) const {
    std::vector<apiary_str> scopes;
    for (const auto& s : spec.scopes) scopes.push_back(toStr(s));
    apiary_credential_spec raw{sizeof(apiary_credential_spec),
                               toStr(spec.realm),
                               toStr(spec.subject),
                               static_cast<int32_t>(spec.kind),
                               scopes.data(),
                               scopes.size(),
                               toStr(spec.note),
                               toStr(spec.password)};
    char secret[256] = {};
    IssuedCredential out;
    detail::ErrorBuffer err;
    const int32_t rc = host().cred_issue(ctx_, &raw, secret, sizeof secret, &out.id, err.get());
    if (rc != APIARY_DB_OK) throw DbError(rc, err.message());
    out.secret = secret;
    return out;
  }

  // OK fills result with the principal and scopes.
  AuthOutcome verify(std::string_view realm, std::string_view subject, std::string_view secret,
                     AuthResult& result) const {
    detail::ErrorBuffer err;
    return static_cast<AuthOutcome>(host().cred_verify(ctx_, toStr(realm), toStr(subject),
                                                       toStr(secret), result.raw(), err.get()));
  }

  // New secret for a token (returned) or the given password; the old one fails at once.
  std::string rotate(std::string_view realm, int64_t id, std::string_view password = {}) const {
    char secret[256] = {};
    detail::ErrorBuffer err;
    const int32_t rc = host().cred_rotate(ctx_, toStr(realm), id, toStr(password), secret,
                                          sizeof secret, err.get());
    if (rc != APIARY_DB_OK) throw DbError(rc, err.message());
    return secret;
  }

  void revoke(std::string_view realm, int64_t id) const {
    detail::ErrorBuffer err;
    const int32_t rc = host().cred_revoke(ctx_, toStr(realm), id, err.get());
    if (rc != APIARY_DB_OK) throw DbError(rc, err.message());
  }

  std::vector<CredentialInfo> list(std::string_view realm) const {
    std::vector<CredentialInfo> out;
    detail::ErrorBuffer err;
    const int32_t rc = host().cred_list(
        ctx_, toStr(realm),
        [](void* user, const apiary_credential_info* i) {
          static_cast<std::vector<CredentialInfo>*>(user)->push_back(
              {i->id, std::string(toView(i->realm)), std::string(toView(i->subject)),
               static_cast<CredentialKind>(i->kind), std::string(toView(i->scopes)),
               std::string(toView(i->note)), i->created_ms, i->revoked_ms});
        },
        &out, err.get());
    if (rc != APIARY_DB_OK) throw DbError(rc, err.message());
    return out;
  }

 private:
  apiary_plugin_ctx* ctx_;
};

}  // namespace apiary
