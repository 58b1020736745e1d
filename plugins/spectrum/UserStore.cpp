#include "UserStore.hpp"

#include "RandomIds.hpp"
#include "Timestamps.hpp"

namespace spectrum {
namespace {

constexpr const char* kColumns =
    "SELECT id, project_id, type, first_name, last_name, email, phone_number, "
    "assigned_phone_number, meta, created_ms FROM spectrum_users ";

std::optional<std::string> nullable(const apiary::Row& row, size_t col) {
  if (row.isNull(col)) return std::nullopt;
  return row.text(col);
}

UserRecord fromRow(const apiary::Row& row) {
  UserRecord u;
  u.id = row.text(0);
  u.projectId = row.text(1);
  u.type = row.text(2);
  u.firstName = nullable(row, 3);
  u.lastName = nullable(row, 4);
  u.email = nullable(row, 5);
  u.phoneNumber = row.text(6);
  u.assignedPhoneNumber = row.text(7);
  u.meta = Json::parse(row.text(8), nullptr, false);
  if (!u.meta.is_object()) u.meta = Json::object();
  u.createdMs = row.int64(9);
  return u;
}

apiary::Value orNull(const std::optional<std::string>& v) {
  if (!v) return nullptr;
  return *v;
}

Json jsonOrNull(const std::optional<std::string>& v) {
  return v ? Json(*v) : Json(nullptr);
}

}  // namespace

Json UserRecord::toJson() const {
  Json out = Json::object();
  out["id"] = id;
  out["projectId"] = projectId;
  out["type"] = type;
  out["firstName"] = jsonOrNull(firstName);
  out["lastName"] = jsonOrNull(lastName);
  out["email"] = jsonOrNull(email);
  out["phoneNumber"] = phoneNumber;
  out["assignedPhoneNumber"] = assignedPhoneNumber;
  out["meta"] = meta;
  out["createdAt"] = Timestamps::iso(createdMs);
  return out;
}

std::vector<UserRecord> UserStore::list(std::string_view projectId, std::string_view type,
                                        const std::vector<std::string>& ids) const {
  const auto rows =
      type.empty() ? db_.execute(std::string(kColumns) +
                                     "WHERE project_id = ? AND deleted_ms IS NULL "
                                     "ORDER BY created_ms, seq",
                                 {projectId})
                   : db_.execute(std::string(kColumns) +
                                     "WHERE project_id = ? AND type = ? AND deleted_ms IS NULL "
                                     "ORDER BY created_ms, seq",
                                 {projectId, type});
  std::vector<UserRecord> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    UserRecord u = fromRow(rows[i]);
    bool wanted = ids.empty();
    for (const auto& id : ids) wanted = wanted || id == u.id;
    if (wanted) out.push_back(std::move(u));
  }
  return out;
}

std::optional<UserRecord> UserStore::find(std::string_view projectId, std::string_view id) const {
  const auto rows =
      db_.execute(std::string(kColumns) + "WHERE project_id = ? AND id = ? AND deleted_ms IS NULL",
                  {projectId, id});
  if (rows.empty()) return std::nullopt;
  return fromRow(rows[0]);
}

UserRecord UserStore::createShared(std::string_view projectId, const NewUser& user,
                                   int64_t maxSharedUsers) const {
  return db_.transaction([&](apiary::Transaction& tx) {
    const auto existing =
        user.email ? tx.execute(std::string(kColumns) +
                                    "WHERE project_id = ? AND type = 'shared' AND "
                                    "deleted_ms IS NULL AND (phone_number = ? OR email = ?) "
                                    "ORDER BY created_ms, seq LIMIT 1",
                                {projectId, user.phoneNumber, *user.email})
                   : tx.execute(std::string(kColumns) +
                                    "WHERE project_id = ? AND type = 'shared' AND "
                                    "deleted_ms IS NULL AND phone_number = ? "
                                    "ORDER BY created_ms, seq LIMIT 1",
                                {projectId, user.phoneNumber});
    if (!existing.empty()) return fromRow(existing[0]);
    const int64_t count =
        tx.execute(
              "SELECT COUNT(*) FROM spectrum_users WHERE project_id = ? AND type = 'shared' AND "
              "deleted_ms IS NULL",
              {projectId})[0]
            .int64(0);
    if (count >= maxSharedUsers)
      throw Envelope::conflict("The project has reached its maximum of " +
                                   std::to_string(maxSharedUsers) + " shared users",
                               "max_shared_users");
    const auto number = tx.execute(
        "SELECT n.phone_number, (SELECT COUNT(*) FROM spectrum_users u WHERE "
        "u.assigned_phone_number = n.phone_number AND u.type = 'shared' AND "
        "u.deleted_ms IS NULL) AS users FROM spectrum_numbers n WHERE n.kind = 'shared' "
        "ORDER BY users, n.added_ms, n.phone_number LIMIT 1");
    if (number.empty())
      throw Envelope::conflict(
          "No shared numbers are available; the operator must add numbers to the shared pool",
          "pool_exhausted");
    return insert(tx, projectId, user, number[0].text(0));
  });
}

UserRecord UserStore::createDedicated(std::string_view projectId, const NewUser& user) const {
  return db_.transaction([&](apiary::Transaction& tx) {
    const auto existing = tx.execute(
        std::string(kColumns) +
            "WHERE project_id = ? AND type = 'dedicated' AND deleted_ms IS NULL AND "
            "phone_number = ? AND assigned_phone_number = ? ORDER BY created_ms, seq LIMIT 1",
        {projectId, user.phoneNumber, user.assignedPhoneNumber});
    if (!existing.empty()) return fromRow(existing[0]);
    return insert(tx, projectId, user, user.assignedPhoneNumber);
  });
}

UserRecord UserStore::insert(const apiary::Transaction& tx, std::string_view projectId,
                             const NewUser& user, const std::string& assigned) const {
  UserRecord u;
  u.id = RandomIds::uuid();
  u.projectId = std::string(projectId);
  u.type = user.type;
  u.firstName = user.firstName;
  u.lastName = user.lastName;
  u.email = user.email;
  u.phoneNumber = user.phoneNumber;
  u.assignedPhoneNumber = assigned;
  u.meta = user.meta;
  u.createdMs = clock_.wallMs();
  tx.execute(
      "INSERT INTO spectrum_users (id, project_id, seq, type, first_name, last_name, email, "
      "phone_number, assigned_phone_number, meta, created_ms) "
      "SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ? FROM spectrum_users "
      "WHERE project_id = ?",
      {u.id, projectId, u.type, orNull(u.firstName), orNull(u.lastName), orNull(u.email),
       u.phoneNumber, u.assignedPhoneNumber, u.meta.dump(), u.createdMs, projectId});
  return u;
}

bool UserStore::softDelete(std::string_view projectId, std::string_view id) const {
  const auto result = db_.execute(
      "UPDATE spectrum_users SET deleted_ms = ? WHERE project_id = ? AND id = ? AND "
      "deleted_ms IS NULL",
      {clock_.wallMs(), projectId, id});
  return result.affectedRows() == 1;
}

}  // namespace spectrum
