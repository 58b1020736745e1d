#include "EventEmitter.hpp"

#include "RandomIds.hpp"

#include <stdexcept>

namespace spectrum {

std::string EventEmitter::body(std::string_view event, const nlohmann::ordered_json& payload) {
  if (!payload.is_object() && !payload.is_null())
    throw std::invalid_argument("an event payload must be a JSON object");
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["event"] = event;
  if (payload.is_object())
    for (auto it = payload.begin(); it != payload.end(); ++it)
      if (it.key() != "event") out[it.key()] = it.value();
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::vector<std::string> EventEmitter::emit(std::string_view projectId, std::string_view event,
                                            const nlohmann::ordered_json& payload) const {
  const std::string text = body(event, payload);
  const int64_t now = clock_.wallMs();
  return db_.transaction([&](apiary::Transaction& tx) {
    std::vector<std::string> ids;
    const auto hooks = tx.execute(
        "SELECT id FROM spectrum_webhooks WHERE project_id = ? AND deleted_ms IS NULL "
        "ORDER BY created_ms, seq",
        {projectId});
    for (size_t i = 0; i < hooks.size(); ++i) {
      ids.push_back(RandomIds::uuid());
      tx.execute(
          "INSERT INTO spectrum_deliveries (id, project_id, webhook_id, event, body, state, "
          "attempts, next_attempt_ms, lease_until_ms, created_ms, updated_ms) "
          "VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?, ?)",
          {ids.back(), projectId, hooks[i].text(0), event, text, now, now, now});
    }
    return ids;
  });
}

std::optional<std::string> EventEmitter::emitTo(std::string_view projectId,
                                                std::string_view webhookId, std::string_view event,
                                                const nlohmann::ordered_json& payload) const {
  const std::string text = body(event, payload);
  const int64_t now = clock_.wallMs();
  const std::string id = RandomIds::uuid();
  const auto inserted = db_.execute(
      "INSERT INTO spectrum_deliveries (id, project_id, webhook_id, event, body, state, "
      "attempts, next_attempt_ms, lease_until_ms, created_ms, updated_ms) "
      "SELECT ?, project_id, id, ?, ?, 'pending', 0, ?, 0, ?, ? FROM spectrum_webhooks "
      "WHERE project_id = ? AND id = ? AND deleted_ms IS NULL",
      {id, event, text, now, now, now, projectId, webhookId});
  if (inserted.affectedRows() != 1) return std::nullopt;
  return id;
}

}  // namespace spectrum
