#include "LineStore.hpp"

#include "RandomIds.hpp"
#include "Timestamps.hpp"

namespace spectrum {
namespace {

constexpr const char* kColumns =
    "SELECT id, project_id, platform, phone_number, created_ms FROM spectrum_lines ";

LineRecord fromRow(const apiary::Row& row) {
  return {row.text(0), row.text(1), row.text(2), row.text(3), row.int64(4)};
}

int64_t countActive(const apiary::Transaction& tx, std::string_view projectId,
                    std::string_view platform) {
  return tx
      .execute(
          "SELECT COUNT(*) AS n FROM spectrum_lines WHERE project_id = ? AND platform = ? AND "
          "deleted_ms IS NULL",
          {projectId, platform})[0]
      .int64(0);
}

}  // namespace

Json LineRecord::toJson() const {
  Json out = Json::object();
  out["id"] = id;
  out["platform"] = platform;
  out["phoneNumber"] = phoneNumber;
  out["createdAt"] = Timestamps::iso(createdMs);
  return out;
}

std::vector<LineRecord> LineStore::list(std::string_view projectId,
                                        std::string_view platform) const {
  const auto rows =
      platform.empty()
          ? db_.execute(std::string(kColumns) +
                            "WHERE project_id = ? AND deleted_ms IS NULL ORDER BY created_ms, seq",
                        {projectId})
          : db_.execute(std::string(kColumns) +
                            "WHERE project_id = ? AND platform = ? AND deleted_ms IS NULL "
                            "ORDER BY created_ms, seq",
                        {projectId, platform});
  std::vector<LineRecord> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(fromRow(rows[i]));
  return out;
}

std::optional<LineRecord> LineStore::allocate(std::string_view projectId, std::string_view platform,
                                              int64_t& quantityAfter) const {
  return db_.transaction([&](apiary::Transaction& tx) -> std::optional<LineRecord> {
    const auto free = tx.execute(
        "SELECT n.phone_number FROM spectrum_numbers n WHERE n.kind = 'dedicated' AND NOT EXISTS "
        "(SELECT 1 FROM spectrum_lines l WHERE l.phone_number = n.phone_number AND "
        "l.deleted_ms IS NULL) ORDER BY n.added_ms, n.phone_number LIMIT 1");
    if (free.empty()) return std::nullopt;
    LineRecord line{RandomIds::uuid(), std::string(projectId), std::string(platform),
                    free[0].text(0), clock_.wallMs()};
    tx.execute(
        "INSERT INTO spectrum_lines (id, project_id, seq, platform, phone_number, created_ms) "
        "SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM spectrum_lines WHERE project_id = ?",
        {line.id, projectId, line.platform, line.phoneNumber, line.createdMs, projectId});
    quantityAfter = countActive(tx, projectId, platform);
    return line;
  });
}

std::optional<LineRecord> LineStore::remove(std::string_view projectId, std::string_view lineId,
                                            int64_t& quantityAfter) const {
  return db_.transaction([&](apiary::Transaction& tx) -> std::optional<LineRecord> {
    const auto rows =
        tx.execute(std::string(kColumns) + "WHERE project_id = ? AND id = ? AND deleted_ms IS NULL",
                   {projectId, lineId});
    if (rows.empty()) return std::nullopt;
    LineRecord line = fromRow(rows[0]);
    tx.execute("UPDATE spectrum_lines SET deleted_ms = ? WHERE id = ?", {clock_.wallMs(), lineId});
    quantityAfter = countActive(tx, projectId, line.platform);
    return line;
  });
}

std::optional<LineRecord> LineStore::findActiveByNumber(std::string_view projectId,
                                                        std::string_view platform,
                                                        std::string_view phoneNumber) const {
  const auto rows = db_.execute(
      std::string(kColumns) +
          "WHERE project_id = ? AND platform = ? AND phone_number = ? AND deleted_ms IS NULL",
      {projectId, platform, phoneNumber});
  if (rows.empty()) return std::nullopt;
  return fromRow(rows[0]);
}

std::optional<LineStore::RouteChoice> LineStore::route(std::string_view projectId,
                                                       int64_t recentSinceMs) const {
  const auto rows = db_.execute(
      "SELECT l.id, l.project_id, l.platform, l.phone_number, l.created_ms, "
      "(SELECT COUNT(*) FROM spectrum_users u WHERE u.project_id = l.project_id AND "
      " u.assigned_phone_number = l.phone_number AND u.deleted_ms IS NULL) AS users, "
      "(SELECT COUNT(*) FROM spectrum_users u WHERE u.project_id = l.project_id AND "
      " u.assigned_phone_number = l.phone_number AND u.deleted_ms IS NULL AND "
      " u.created_ms >= ?) AS recent "
      "FROM spectrum_lines l WHERE l.project_id = ? AND l.platform = 'imessage' AND "
      "l.deleted_ms IS NULL ORDER BY users, l.created_ms, l.seq LIMIT 1",
      {recentSinceMs, projectId});
  if (rows.empty()) return std::nullopt;
  return RouteChoice{fromRow(rows[0]), rows[0].int64(5), rows[0].int64(6)};
}

bool LineStore::addNumber(const std::string& phoneNumber, const std::string& kind) const {
  try {
    db_.execute("INSERT INTO spectrum_numbers (phone_number, kind, added_ms) VALUES (?, ?, ?)",
                {phoneNumber, kind, clock_.wallMs()});
    return true;
  } catch (const apiary::DbError& e) {
    if (e.isConstraint()) return false;
    throw;
  }
}

int LineStore::removeNumber(const std::string& phoneNumber) const {
  return db_.transaction([&](apiary::Transaction& tx) {
    const auto used =
        tx.execute("SELECT 1 FROM spectrum_lines WHERE phone_number = ? AND deleted_ms IS NULL",
                   {phoneNumber});
    if (!used.empty()) return 2;
    const auto gone =
        tx.execute("DELETE FROM spectrum_numbers WHERE phone_number = ?", {phoneNumber});
    return gone.affectedRows() == 1 ? 0 : 1;
  });
}

std::vector<PoolNumber> LineStore::pool() const {
  const auto rows = db_.execute(
      "SELECT n.phone_number, n.kind, "
      "(SELECT l.project_id FROM spectrum_lines l WHERE l.phone_number = n.phone_number AND "
      " l.deleted_ms IS NULL) AS project_id, "
      "(SELECT COUNT(*) FROM spectrum_users u WHERE u.assigned_phone_number = n.phone_number AND "
      " u.type = 'shared' AND u.deleted_ms IS NULL) AS users "
      "FROM spectrum_numbers n ORDER BY n.kind, n.added_ms, n.phone_number");
  std::vector<PoolNumber> out;
  for (size_t i = 0; i < rows.size(); ++i)
    out.push_back({rows[i].text(0), rows[i].text(1), rows[i].text(2), rows[i].int64(3)});
  return out;
}

}  // namespace spectrum
