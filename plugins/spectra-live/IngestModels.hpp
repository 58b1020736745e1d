// The ingest's live MatchModels by group code (upstream's MatchController.matches), and their
// hand-over to the output through OverlayStore.
//
// Lifetime, as upstream's: a model is created when an observer's logon creates the match and kept
// across the observer's reconnects (same secret), so players and rounds survive a dropped
// connection. It ends with the match (game_end, idle, another ingest finished it).
// A restarted process has no models: the first logon or event for a match that storage still
// holds as live restores the model from its stored state (players, rounds, timers), so a
// restart loses at most the events of the last 100 ms that were not stored yet.
//
// Writes: a model that changed is stored on the next tick (every 100 ms), so the database sees at
// most ten writes a second per match however fast events arrive; the output reads from there.
// One ingest process per port (the README's rule) owns its matches' models; two ingest
// processes feeding one group code would overwrite each other's rows.
//
// Thread safety: one mutex; event handlers and the timer call in from different threads.
#pragma once

#include "MatchModel.hpp"
#include "MatchStore.hpp"
#include "OverlayStore.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace spectra_live {

class IngestModels {
 public:
  using Json = ModelJson::Json;

  IngestModels(spectra::MatchStore matches, OverlayStore overlays)
      : matches_(matches), overlays_(overlays) {}

  // After an accepted obs_logon. A new match (not `reconnected`) gets a new model, replacing any
  // earlier match's under the code; a reconnect keeps or restores the match's model. Stored at
  // once, so an overlay sees the teams before the first event.
  void open(const std::string& groupCode, bool reconnected, int64_t nowMs);
  // One obs_data / aux_data packet for the match (already checked to belong to it).
  MatchModel::Applied apply(const std::string& groupCode, const Json& packet, int64_t nowMs);
  void auxDisconnected(const std::string& groupCode, const std::string& playerId);
  // The match ended (game_end) or is gone: forget its model and its stored overlay.
  void close(const std::string& groupCode);

  // upstream's findMatch: the group code of the live match whose game has this match id.
  std::optional<std::string> groupCodeForMatchId(const std::string& matchId) const;
  // The game's match id of the code's model ("" when unknown).
  std::string valorantMatchId(const std::string& groupCode) const;

  // Every 100 ms: runs timeout timers, stores models that changed.
  void tick(int64_t nowMs);
  // Once a second: drops models whose match is no longer live and sweeps orphaned rows.
  void sweep(int64_t nowMs);

 private:
  struct Entry {
    MatchModel model;
    bool dirty = false;
  };
  // The code's model, restored from storage when the match is live but not in memory.
  Entry* find(const std::string& groupCode, int64_t nowMs);
  void store(const std::string& groupCode, const Entry& entry, int64_t nowMs) const;

  spectra::MatchStore matches_;
  OverlayStore overlays_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> models_;
};

}  // namespace spectra_live
