// Access keys the operator issues in apiary (`apiary spectra key create ...`), each for one
// organisation (id, name, supporter flag). Only the key's SHA-256 is stored; the key itself is
// shown once, when issued.
#pragma once

#include <apiary/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spectra {

struct OrgKey {
  int64_t id = 0;
  std::string orgId;
  std::string orgName;
  bool isSupporter = false;
  int64_t createdMs = 0;
  int64_t revokedMs = 0;  // 0: active
};

class KeyStore {
 public:
  explicit KeyStore(apiary::Database database) : db_(database) {}

  // Schema statements (applied by SpectraPlugin::migrations).
  static std::vector<std::string> schema();

  struct Issued {
    OrgKey key;
    std::string secret;  // show once
  };
  // A new random key for the organisation; orgId "" gets a generated one.
  Issued issue(std::string orgId, const std::string& orgName, bool isSupporter,
               int64_t nowMs) const;
  // Stores a key chosen by the caller (the demo key), replacing an earlier row for it.
  void put(const std::string& secret, const std::string& orgId, const std::string& orgName,
           bool isSupporter, int64_t nowMs) const;
  // Deletes the row for that key, if any.
  void remove(const std::string& secret) const;
  // The active (not revoked) key matching secret.
  std::optional<OrgKey> find(std::string_view secret) const;
  std::vector<OrgKey> list() const;
  // False when no key has that id or it was already revoked.
  bool revoke(int64_t id, int64_t nowMs) const;

  static constexpr const char* kKeyPrefix = "spectra_";

 private:
  apiary::Database db_;
};

}  // namespace spectra
