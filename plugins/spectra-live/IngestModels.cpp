#include "IngestModels.hpp"

namespace spectra_live {

namespace {
std::string text(const ModelJson::Json& json) {
  return json.dump(-1, ' ', false, ModelJson::Json::error_handler_t::replace);
}
}  // namespace

void IngestModels::store(const std::string& groupCode, const Entry& entry, int64_t nowMs) const {
  overlays_.save(groupCode, entry.model.eventNumber(), text(entry.model.overlayJson()),
                 text(entry.model.stateJson()), nowMs);
}

IngestModels::Entry* IngestModels::find(const std::string& groupCode, int64_t nowMs) {
  if (const auto it = models_.find(groupCode); it != models_.end()) return &it->second;
  const auto match = matches_.find(groupCode, nowMs);
  if (!match) return nullptr;
  MatchModel model(*match);
  if (const auto stored = overlays_.state(groupCode)) {
    const Json state = Json::parse(stored->state, nullptr, false);
    if (!state.is_discarded()) model = MatchModel::restore(*match, state, stored->eventNumber);
  }
  return &models_.insert_or_assign(groupCode, Entry{std::move(model), false}).first->second;
}

void IngestModels::open(const std::string& groupCode, bool reconnected, int64_t nowMs) {
  std::lock_guard lock(mutex_);
  if (!reconnected) {
    models_.erase(groupCode);
    overlays_.remove(groupCode);  // a finished match's leftovers under a reused code
  }
  Entry* entry = find(groupCode, nowMs);
  if (entry == nullptr) return;
  store(groupCode, *entry, nowMs);
  entry->dirty = false;
}

MatchModel::Applied IngestModels::apply(const std::string& groupCode, const Json& packet,
                                        int64_t nowMs) {
  std::lock_guard lock(mutex_);
  Entry* entry = find(groupCode, nowMs);
  if (entry == nullptr) return MatchModel::Applied::Ignored;
  const auto applied = entry->model.apply(packet, nowMs);
  if (applied != MatchModel::Applied::Ignored) entry->dirty = true;
  return applied;
}

void IngestModels::auxDisconnected(const std::string& groupCode, const std::string& playerId) {
  std::lock_guard lock(mutex_);
  const auto it = models_.find(groupCode);
  if (it == models_.end()) return;
  it->second.model.setAuxDisconnected(playerId);
  it->second.dirty = true;  // stored, though overlays see it with the next event (as upstream)
}

void IngestModels::close(const std::string& groupCode) {
  std::lock_guard lock(mutex_);
  models_.erase(groupCode);
  overlays_.remove(groupCode);
}

std::optional<std::string> IngestModels::groupCodeForMatchId(const std::string& matchId) const {
  if (matchId.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  for (const auto& [code, entry] : models_) {
    if (entry.model.valorantMatchId() == matchId) return code;
  }
  return std::nullopt;
}

std::string IngestModels::valorantMatchId(const std::string& groupCode) const {
  std::lock_guard lock(mutex_);
  const auto it = models_.find(groupCode);
  return it == models_.end() ? "" : it->second.model.valorantMatchId();
}

void IngestModels::tick(int64_t nowMs) {
  std::lock_guard lock(mutex_);
  for (auto& [code, entry] : models_) {
    if (entry.model.advance(nowMs)) entry.dirty = true;
    if (!entry.dirty) continue;
    try {
      store(code, entry, nowMs);
      entry.dirty = false;
    } catch (const std::exception&) {
      // The database is unavailable: stays dirty, stored on a later tick.
    }
  }
}

void IngestModels::sweep(int64_t nowMs) {
  std::lock_guard lock(mutex_);
  for (auto it = models_.begin(); it != models_.end();) {
    if (matches_.find(it->first, nowMs)) {
      ++it;
    } else {
      it = models_.erase(it);
    }
  }
  overlays_.sweep(nowMs);
}

}  // namespace spectra_live
