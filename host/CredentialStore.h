// Secrets per realm in the host's shared database: tokens as SHA-256 of a generated 256-bit
// secret (fast, and safe because the secret has full entropy), passwords as
// PBKDF2-HMAC-SHA256 with a random salt (slow on purpose). Comparisons are constant-time; an
// unknown subject costs one PBKDF2 run like a wrong password. Secrets are returned once by
// issue/rotate and never logged. Thread-safe. Verified bearer tokens are cached for a few
// seconds (VerifiedTokenCache: a revoke or rotate by another process takes effect within
// kTokenCacheTtl; in this process at once).
#pragma once

#include "StorageRegistry.h"
#include "VerifiedTokenCache.h"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace apiary {

class CredentialStore {
 public:
  struct Issued {
    int64_t id = 0;
    std::string secret;  // generated tokens only
  };
  struct Info {
    int64_t id = 0;
    std::string realm, subject;
    int32_t kind = 0;
    std::string scopes, note;
    int64_t createdMs = 0, revokedMs = 0;
  };
  struct Verified {
    int64_t id = 0;
    std::string principal;  // the subject, or "token:<id>"
    std::vector<std::string> scopes;
  };

  // How long a verified bearer token is trusted without a database lookup, and how many are
  // kept. The TTL is the longest a revoke/rotate by another process (the CLI) goes unseen.
  static constexpr std::chrono::milliseconds kTokenCacheTtl{5000};
  static constexpr size_t kTokenCacheCapacity = 4096;

  CredentialStore(StorageRegistry& storage, int pbkdf2Iterations);

  // kind: APIARY_CREDENTIAL_*. Throws StorageError (OTHER for invalid arguments).
  Issued issue(const std::string& realm, const std::string& subject, int32_t kind,
               const std::vector<std::string>& scopes, const std::string& note,
               const std::string& password);
  // True with who; false for an unknown or wrong secret. Throws StorageError when storage fails.
  bool verify(const std::string& realm, const std::string& subject, const std::string& secret,
              Verified& who);
  // Returns the new generated secret for tokens ("" for passwords). NOT_FOUND if no such id.
  std::string rotate(const std::string& realm, int64_t id, const std::string& password);
  void revoke(const std::string& realm, int64_t id);
  std::vector<Info> list(const std::string& realm);

  // Exposed for the tests of the timing-safe path.
  static bool constantTimeEquals(const std::string& a, const std::string& b);
  std::string hashPassword(const std::string& password) const;
  static bool verifyPassword(const std::string& password, const std::string& encoded);

 private:
  SqlDatabase& db();
  static int64_t nowMs();

  StorageRegistry& storage_;
  int iterations_;
  std::once_flag schemaOnce_;
  const std::string& dummyHash();

  std::once_flag dummyOnce_;
  std::string dummyHash_;  // what an unknown subject is checked against (dummyHash())
  VerifiedTokenCache tokenCache_{kTokenCacheCapacity, kTokenCacheTtl};
};

}  // namespace apiary
