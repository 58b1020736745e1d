#include "WebhookStore.hpp"

#include "RandomIds.hpp"
#include "Timestamps.hpp"

namespace spectrum {
namespace {

constexpr const char* kColumns =
    "SELECT id, project_id, url, signing_secret, created_ms, updated_ms FROM spectrum_webhooks ";

WebhookRecord fromRow(const apiary::Row& row) {
  return {row.text(0), row.text(1), row.text(2), row.text(3), row.int64(4), row.int64(5)};
}

SpectrumError duplicate() {
  return Envelope::conflict("Webhook with this URL already exists");
}

}  // namespace

Json WebhookRecord::toJson(bool withSecret) const {
  Json out = Json::object();
  out["id"] = id;
  out["webhookUrl"] = url;
  if (withSecret) out["signingSecret"] = signingSecret;
  out["createdAt"] = Timestamps::iso(createdMs);
  out["updatedAt"] = Timestamps::iso(updatedMs);
  return out;
}

std::vector<WebhookRecord> WebhookStore::list(std::string_view projectId) const {
  const auto rows =
      db_.execute(std::string(kColumns) +
                      "WHERE project_id = ? AND deleted_ms IS NULL ORDER BY created_ms, seq",
                  {projectId});
  std::vector<WebhookRecord> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(fromRow(rows[i]));
  return out;
}

WebhookRecord WebhookStore::create(std::string_view projectId, const std::string& url) const {
  WebhookRecord record{RandomIds::uuid(),  std::string(projectId), url,
                       RandomIds::hex(32), clock_.wallMs(),        0};
  record.updatedMs = record.createdMs;
  try {
    db_.transaction([&](apiary::Transaction& tx) {
      const auto existing = tx.execute(
          "SELECT id FROM spectrum_webhooks WHERE project_id = ? AND url = ? AND deleted_ms IS "
          "NULL",
          {projectId, url});
      if (!existing.empty()) throw duplicate();
      tx.execute(
          "INSERT INTO spectrum_webhooks (id, project_id, seq, url, signing_secret, created_ms, "
          "updated_ms) SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? "
          "FROM spectrum_webhooks WHERE project_id = ?",
          {record.id, projectId, url, record.signingSecret, record.createdMs, record.updatedMs,
           projectId});
    });
  } catch (const apiary::DbError& e) {
    if (e.isConstraint()) throw duplicate();
    throw;
  }
  return record;
}

std::optional<WebhookRecord> WebhookStore::findActive(std::string_view projectId,
                                                      std::string_view id) const {
  const auto rows =
      db_.execute(std::string(kColumns) + "WHERE project_id = ? AND id = ? AND deleted_ms IS NULL",
                  {projectId, id});
  if (rows.empty()) return std::nullopt;
  return fromRow(rows[0]);
}

bool WebhookStore::softDelete(std::string_view projectId, std::string_view id) const {
  const int64_t now = clock_.wallMs();
  const auto result = db_.execute(
      "UPDATE spectrum_webhooks SET deleted_ms = ?, updated_ms = ? "
      "WHERE project_id = ? AND id = ? AND deleted_ms IS NULL",
      {now, now, projectId, id});
  return result.affectedRows() == 1;
}

}  // namespace spectrum
