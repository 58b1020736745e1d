#include "ProjectStore.hpp"

#include "Timestamps.hpp"

namespace spectrum {
namespace {
constexpr const char* kColumns =
    "SELECT id, name, slug, profile, credential_id, created_ms, updated_ms FROM spectrum_projects ";
}

Json ProjectRecord::toJson() const {
  Json out = Json::object();
  out["id"] = id;
  out["name"] = name;
  out["slug"] = slug;
  out["profile"] = profile;
  out["createdAt"] = Timestamps::iso(createdMs);
  out["updatedAt"] = Timestamps::iso(updatedMs);
  return out;
}

bool ProjectStore::isPlatform(std::string_view name) {
  for (const char* p : kPlatforms)
    if (name == p) return true;
  return false;
}

ProjectRecord ProjectStore::create(const std::string& id, const std::string& name,
                                   const std::string& slug, const Json& profile,
                                   int64_t credentialId) const {
  const int64_t now = clock_.wallMs();
  db_.transaction([&](apiary::Transaction& tx) {
    tx.execute(
        "INSERT INTO spectrum_projects (id, name, slug, profile, credential_id, created_ms, "
        "updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {id, name, slug, profile.dump(), credentialId, now, now});
    for (const char* platform : kPlatforms)
      tx.execute(
          "INSERT INTO spectrum_platforms (project_id, platform, enabled, updated_ms) "
          "VALUES (?, ?, 0, ?)",
          {id, platform, now});
  });
  return ProjectRecord{id, name, slug, profile, credentialId, now, now};
}

std::optional<ProjectRecord> ProjectStore::find(std::string_view id) const {
  const auto rows = db_.execute(std::string(kColumns) + "WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return fromRow(rows[0]);
}

std::vector<ProjectRecord> ProjectStore::list() const {
  const auto rows = db_.execute(std::string(kColumns) + "ORDER BY created_ms, id");
  std::vector<ProjectRecord> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(fromRow(rows[i]));
  return out;
}

void ProjectStore::setCredential(std::string_view id, int64_t credentialId) const {
  db_.execute("UPDATE spectrum_projects SET credential_id = ?, updated_ms = ? WHERE id = ?",
              {credentialId, clock_.wallMs(), id});
}

Json ProjectStore::platforms(std::string_view projectId) const {
  const auto rows = db_.execute(
      "SELECT platform, enabled FROM spectrum_platforms WHERE project_id = ?", {projectId});
  Json out = Json::object();
  for (const char* p : kPlatforms) out[p] = Json{{"enabled", false}};
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string name = rows[i].text(0);
    if (isPlatform(name)) out[name]["enabled"] = rows[i].int64(1) != 0;
  }
  return out;
}

void ProjectStore::setPlatform(std::string_view projectId, std::string_view platform,
                               bool enabled) const {
  db_.execute(
      "INSERT INTO spectrum_platforms (project_id, platform, enabled, updated_ms) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (project_id, platform) DO UPDATE SET "
      "enabled = excluded.enabled, updated_ms = excluded.updated_ms",
      {projectId, platform, enabled ? 1 : 0, clock_.wallMs()});
}

ProjectRecord ProjectStore::fromRow(const apiary::Row& row) {
  ProjectRecord p;
  p.id = row.text(0);
  p.name = row.text(1);
  p.slug = row.text(2);
  p.profile = Json::parse(row.text(3), nullptr, false);
  if (!p.profile.is_object()) p.profile = Json::object();
  p.credentialId = row.isNull(4) ? 0 : row.int64(4);
  p.createdMs = row.int64(5);
  p.updatedMs = row.int64(6);
  return p;
}

}  // namespace spectrum
