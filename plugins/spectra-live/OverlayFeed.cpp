#include "OverlayFeed.hpp"

#include "IngestRules.hpp"
#include "MatchModel.hpp"

namespace spectra_live {

std::optional<std::string> OverlayFeed::groupCodeOf(const Json& argument) {
  const auto packet = IngestRules::parseArgument(&argument);
  if (!packet) return std::nullopt;
  const auto it = packet->find("groupCode");
  if (it == packet->end() || !it->is_string() || it->get_ref<const std::string&>().empty())
    return std::nullopt;
  return it->get<std::string>();
}

Json OverlayFeed::logonSuccess(const std::string& groupCode) {
  return Json{{"groupCode", groupCode}, {"msg", "Logon succeeded for group code " + groupCode}};
}

Json OverlayFeed::snapshot(const spectra::LiveMatch& match) {
  return MatchModel(match).overlayJson();
}

void OverlayFeed::join(uint64_t connection, const std::string& groupCode) {
  std::lock_guard lock(mutex_);
  if (const auto it = roomOf_.find(connection); it != roomOf_.end()) {
    rooms_[it->second].connections.erase(connection);
  }
  roomOf_[connection] = groupCode;
  rooms_[groupCode].connections.insert(connection);
}

void OverlayFeed::leave(uint64_t connection) {
  std::lock_guard lock(mutex_);
  const auto it = roomOf_.find(connection);
  if (it == roomOf_.end()) return;
  auto room = rooms_.find(it->second);
  if (room != rooms_.end()) {
    room->second.connections.erase(connection);
    if (room->second.connections.empty()) rooms_.erase(room);
  }
  roomOf_.erase(it);
}

std::vector<uint64_t> OverlayFeed::members(const std::string& groupCode) const {
  std::lock_guard lock(mutex_);
  const auto it = rooms_.find(groupCode);
  if (it == rooms_.end()) return {};
  return {it->second.connections.begin(), it->second.connections.end()};
}

std::vector<OverlayFeed::Due> OverlayFeed::tick(
    int64_t nowMs, const std::function<std::optional<int64_t>(const std::string&)>& eventNumberOf) {
  std::lock_guard lock(mutex_);
  std::vector<Due> due;
  for (auto& [code, room] : rooms_) {
    if (room.connections.empty() || nowMs - room.sentMs < kTickMs) continue;
    const auto current = eventNumberOf(code);
    if (!current) {
      // An overlay may log on before the observer; only a match that was seen and is gone
      // ends the room.
      if (room.sentEventNumber) {
        due.push_back({code, -1, {room.connections.begin(), room.connections.end()}});
        room.sentEventNumber.reset();
      }
      continue;
    }
    if (room.sentEventNumber == current) continue;
    room.sentEventNumber = current;
    room.sentMs = nowMs;
    due.push_back({code, *current, {room.connections.begin(), room.connections.end()}});
  }
  return due;
}

}  // namespace spectra_live
