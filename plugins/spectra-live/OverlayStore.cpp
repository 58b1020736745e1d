#include "OverlayStore.hpp"

namespace spectra_live {

std::vector<std::string> OverlayStore::schema() {
  return {
      "CREATE TABLE IF NOT EXISTS spectra_live_overlays (group_code TEXT NOT NULL PRIMARY KEY, "
      "event_number INTEGER NOT NULL, overlay TEXT NOT NULL, state TEXT NOT NULL, "
      "updated_ms INTEGER NOT NULL)",
  };
}

void OverlayStore::save(const std::string& groupCode, int64_t eventNumber,
                        const std::string& overlay, const std::string& state, int64_t nowMs) const {
  db_.execute(
      "INSERT INTO spectra_live_overlays (group_code, event_number, overlay, state, updated_ms) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_code) DO UPDATE SET event_number = "
      "excluded.event_number, overlay = excluded.overlay, state = excluded.state, updated_ms = "
      "excluded.updated_ms",
      {groupCode, eventNumber, overlay, state, nowMs});
}

void OverlayStore::remove(const std::string& groupCode) const {
  db_.execute("DELETE FROM spectra_live_overlays WHERE group_code = ?", {groupCode});
}

std::optional<int64_t> OverlayStore::liveEventNumber(const std::string& groupCode,
                                                     int64_t nowMs) const {
  const auto rows = db_.execute(
      "SELECT o.event_number FROM spectra_live_matches m LEFT JOIN spectra_live_overlays o ON "
      "o.group_code = m.group_code WHERE m.group_code = ? AND m.expires_ms > ?",
      {groupCode, nowMs});
  if (rows.empty()) return std::nullopt;
  return rows[0].isNull(0) ? 0 : rows[0].int64(0);
}

std::optional<std::string> OverlayStore::overlay(const std::string& groupCode) const {
  const auto rows =
      db_.execute("SELECT overlay FROM spectra_live_overlays WHERE group_code = ?", {groupCode});
  if (rows.empty()) return std::nullopt;
  return rows[0].text(0);
}

std::optional<OverlayStore::Stored> OverlayStore::state(const std::string& groupCode) const {
  const auto rows = db_.execute(
      "SELECT event_number, state FROM spectra_live_overlays WHERE group_code = ?", {groupCode});
  if (rows.empty()) return std::nullopt;
  return Stored{rows[0].int64(0), rows[0].text(1)};
}

int64_t OverlayStore::sweep(int64_t nowMs) const {
  return db_
      .execute(
          "DELETE FROM spectra_live_overlays WHERE group_code NOT IN (SELECT group_code FROM "
          "spectra_live_matches WHERE expires_ms > ?)",
          {nowMs})
      .affectedRows();
}

}  // namespace spectra_live
