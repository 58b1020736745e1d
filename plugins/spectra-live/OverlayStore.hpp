// Where the ingest (5100) leaves each live match's overlay view for the output (5200), which may
// be another instance or process: the two share only the database. One row per group code: the
// event number (the output sends match_data when it changed), the match_data text itself (secrets
// already stripped, sent verbatim) and the model's full state (restored when a restarted ingest
// sees the observer again). Rows of matches that ended are removed by the ingest, or swept.
#pragma once

#include <apiary/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spectra_live {

class OverlayStore {
 public:
  explicit OverlayStore(apiary::Database database) : db_(database) {}

  static std::vector<std::string> schema();

  void save(const std::string& groupCode, int64_t eventNumber, const std::string& overlay,
            const std::string& state, int64_t nowMs) const;
  void remove(const std::string& groupCode) const;

  // For the output's tick: nullopt when no live match has the code (one indexed join with the
  // spectra plugin's live match table); else the stored event number, 0 when the ingest stored
  // nothing yet.
  std::optional<int64_t> liveEventNumber(const std::string& groupCode, int64_t nowMs) const;
  std::optional<std::string> overlay(const std::string& groupCode) const;

  struct Stored {
    int64_t eventNumber = 0;
    std::string state;
  };
  std::optional<Stored> state(const std::string& groupCode) const;

  // Removes rows whose match is no longer live (ended elsewhere, idle); returns how many.
  int64_t sweep(int64_t nowMs) const;

 private:
  apiary::Database db_;
};

}  // namespace spectra_live
