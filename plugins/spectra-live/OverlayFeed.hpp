// The output side's (port 5200) rooms and update rule, independent of the transport: an overlay
// that sent `logon {groupCode}` joins the room named after the code and gets `logon_success`
// plus a snapshot at once; afterwards a room is sent `match_data` on the 100 ms tick only when
// its match changed (upstream compares the match's eventNumber), so at most 10 updates a second.
// Snapshots (MatchModel::overlayJson) never carry the group secret, the organisation or the
// playercams secret/endTime.
//
// Thread safety: one mutex; join/leave come from connection threads, tick from the timer.
#pragma once

#include "MatchStore.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace spectra_live {

using spectra::Json;

class OverlayFeed {
 public:
  static constexpr int64_t kTickMs = 100;

  // The `logon` argument (a JSON string {groupCode}); nullopt when it names no group code.
  static std::optional<std::string> groupCodeOf(const Json& argument);
  // logon_success's argument: {"groupCode":...,"msg":"Logon succeeded for group code X"}.
  static Json logonSuccess(const std::string& groupCode);
  // match_data's argument for a match no event reached yet: its MatchModel as logged on (teams,
  // tools; internal fields and secrets removed). Afterwards the ingest's stored view is sent.
  static Json snapshot(const spectra::LiveMatch& match);

  void join(uint64_t connection, const std::string& groupCode);
  void leave(uint64_t connection);
  std::vector<uint64_t> members(const std::string& groupCode) const;

  // A room whose match changed since its last update, with who gets it.
  struct Due {
    std::string groupCode;
    int64_t eventNumber = 0;
    std::vector<uint64_t> connections;
  };
  // eventNumberOf: the room's current match event number, nullopt when the match is gone.
  // Marks the returned rooms as sent at nowMs. Rooms whose match is gone are returned with
  // eventNumber -1 so the caller can disconnect them (upstream disconnects their sockets).
  std::vector<Due> tick(
      int64_t nowMs,
      const std::function<std::optional<int64_t>(const std::string&)>& eventNumberOf);

 private:
  struct Room {
    std::set<uint64_t> connections;
    std::optional<int64_t> sentEventNumber;
    int64_t sentMs = INT64_MIN / 2;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Room> rooms_;
  std::map<uint64_t, std::string> roomOf_;
};

}  // namespace spectra_live
