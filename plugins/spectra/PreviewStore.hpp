// Preview documents by preview code, in the host's storage: each lives for a fixed time from
// its latest PUT (upstream: 10 minutes), is readable by anyone who knows the code, and can be
// replaced only by the owner (the organisation, or the key when it has none) that created it.
#pragma once

#include <apiary/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spectra {

class PreviewStore {
 public:
  PreviewStore(apiary::Database database, int64_t ttlMs) : db_(database), ttlMs_(ttlMs) {}

  static std::vector<std::string> schema();

  // Stores document under code when the code is free, expired, or already owner's, and restarts
  // its lifetime; returns false (storing nothing) when another owner's preview holds it.
  bool put(const std::string& code, const std::string& owner, const std::string& document,
           int64_t nowMs) const;
  // The document, unless absent or expired (exact, case-sensitive code).
  std::optional<std::string> find(const std::string& code, int64_t nowMs) const;
  // Deletes expired previews; returns how many. Lookups do not depend on it.
  int64_t sweep(int64_t nowMs) const;

  int64_t ttlMs() const { return ttlMs_; }

 private:
  apiary::Database db_;
  int64_t ttlMs_;
};

}  // namespace spectra
