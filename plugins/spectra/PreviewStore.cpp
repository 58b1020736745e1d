#include "PreviewStore.hpp"

namespace spectra {

std::vector<std::string> PreviewStore::schema() {
  return {
      "CREATE TABLE spectra_previews (code TEXT NOT NULL PRIMARY KEY, owner TEXT NOT NULL, "
      "document TEXT NOT NULL, updated_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL)",
      "CREATE INDEX spectra_previews_expires ON spectra_previews (expires_ms)",
  };
}

bool PreviewStore::put(const std::string& code, const std::string& owner,
                       const std::string& document, int64_t nowMs) const {
  // One statement, so two instances racing for a code cannot both win it.
  const auto result = db_.execute(
      "INSERT INTO spectra_previews (code, owner, document, updated_ms, expires_ms) "
      "VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (code) DO UPDATE SET owner = excluded.owner, document = excluded.document, "
      "updated_ms = excluded.updated_ms, expires_ms = excluded.expires_ms "
      "WHERE spectra_previews.owner = excluded.owner OR spectra_previews.expires_ms <= ?",
      {code, owner, document, nowMs, nowMs + ttlMs_, nowMs});
  return result.affectedRows() > 0;
}

std::optional<std::string> PreviewStore::find(const std::string& code, int64_t nowMs) const {
  const auto rows = db_.execute(
      "SELECT document FROM spectra_previews WHERE code = ? AND expires_ms > ?", {code, nowMs});
  if (rows.empty()) return std::nullopt;
  return rows[0].text(0);
}

int64_t PreviewStore::sweep(int64_t nowMs) const {
  return db_.execute("DELETE FROM spectra_previews WHERE expires_ms <= ?", {nowMs}).affectedRows();
}

}  // namespace spectra
