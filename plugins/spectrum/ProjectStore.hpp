// Projects and their platform switches in storage. Secrets are not here: they live hashed in the
// host's credential store; a project row only remembers its credential's id.
#pragma once

#include "Envelope.hpp"

#include <apiary/clock.hpp>
#include <apiary/database.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spectrum {

struct ProjectRecord {
  std::string id, name, slug;
  Json profile = Json::object();
  int64_t credentialId = 0;
  int64_t createdMs = 0, updatedMs = 0;

  // {id, name, slug, profile, createdAt, updatedAt}; never the secret.
  Json toJson() const;
};

class ProjectStore {
 public:
  // The platforms Photon knows, in the order GET /platforms/ lists them.
  static constexpr std::array<const char*, 4> kPlatforms = {"imessage", "whatsapp_business",
                                                            "slack", "voice"};
  static bool isPlatform(std::string_view name);

  ProjectStore(apiary::Database db, apiary::Clock clock) : db_(db), clock_(clock) {}

  // Inserts a project with every platform disabled. slug is made unique by the caller's suffix.
  ProjectRecord create(const std::string& id, const std::string& name, const std::string& slug,
                       const Json& profile, int64_t credentialId) const;
  std::optional<ProjectRecord> find(std::string_view id) const;
  std::vector<ProjectRecord> list() const;
  void setCredential(std::string_view id, int64_t credentialId) const;

  // {"imessage":{"enabled":false},...} in kPlatforms order.
  Json platforms(std::string_view projectId) const;
  void setPlatform(std::string_view projectId, std::string_view platform, bool enabled) const;

 private:
  static ProjectRecord fromRow(const apiary::Row& row);
  apiary::Database db_;
  apiary::Clock clock_;
};

}  // namespace spectrum
