#include "UserRoutes.hpp"

#include "BodyReader.hpp"
#include "Patterns.hpp"
#include "QueryParams.hpp"

namespace spectrum {

void UserRoutes::add(apiary::Router& router, const ProjectGuard& guard) const {
  router.get(
      "/projects/{projectId}/users",
      guard.wrap([this](const apiary::Request& r, const std::string& p) { return list(r, p); }),
      "Active users ({users:[...]}), ?type=shared|dedicated, repeated ?id=");
  router.post(
      "/projects/{projectId}/users",
      guard.wrap([this](const apiary::Request& r, const std::string& p) { return create(r, p); }),
      "Create a user (idempotent as Photon documents)");
  router.get(
      "/projects/{projectId}/users/{userId}",
      guard.wrap([this](const apiary::Request& r, const std::string& p) { return get(r, p); }),
      "One active user");
  router.del(
      "/projects/{projectId}/users/{userId}",
      guard.wrap([this](const apiary::Request& r, const std::string& p) { return remove(r, p); }),
      "Delete a user (soft)");
}

apiary::Response UserRoutes::list(const apiary::Request& request,
                                  const std::string& projectId) const {
  const QueryParams query = QueryParams::parse(request.queryString());
  std::string type;
  if (const auto types = query.all("type"); !types.empty()) {
    type = types.front();
    if (type != "shared" && type != "dedicated")
      throw Envelope::validation("type must be one of: shared, dedicated");
  }
  std::vector<std::string> ids = query.all("id");
  if (ids.size() > kMaxIdsPerQuery)
    throw Envelope::validation("at most " + std::to_string(kMaxIdsPerQuery) + " id values");
  for (auto& id : ids) {
    if (!Patterns::isUuid(id)) throw Envelope::validation("id must be a valid UUID");
    for (char& c : id)
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  Json users = Json::array();
  for (const auto& u : users_.list(projectId, type, ids)) users.push_back(u.toJson());
  Json data = Json::object();
  data["users"] = std::move(users);
  return Envelope::ok(std::move(data));
}

apiary::Response UserRoutes::create(const apiary::Request& request,
                                    const std::string& projectId) const {
  const BodyReader body = BodyReader::parse(request.body());
  NewUser user;
  user.type = body.requiredString("type");
  if (user.type != "shared" && user.type != "dedicated")
    throw Envelope::validation("type must be one of: shared, dedicated");
  user.phoneNumber = body.requiredString("phoneNumber");
  if (!Patterns::isE164(user.phoneNumber))
    throw Envelope::validation("phoneNumber must be E.164 (e.g. +14155550123)");
  user.firstName = body.optionalString("firstName");
  user.lastName = body.optionalString("lastName");
  user.email = body.optionalString("email", Patterns::kMaxEmailLength);
  if (user.email && !Patterns::isEmail(*user.email))
    throw Envelope::validation("email must be a valid email address");
  user.meta = body.optionalObject("meta", kMaxMetaBytes);

  if (user.type == "shared")
    return Envelope::ok(users_.createShared(projectId, user, maxSharedUsers_).toJson());

  user.assignedPhoneNumber = body.requiredString("assignedPhoneNumber");
  if (!Patterns::isE164(user.assignedPhoneNumber))
    throw Envelope::validation("assignedPhoneNumber must be E.164 (e.g. +14155550123)");
  if (!lines_.findActiveByNumber(projectId, "imessage", user.assignedPhoneNumber))
    throw Envelope::validation("assignedPhoneNumber must be one of the project's iMessage lines");
  return Envelope::ok(users_.createDedicated(projectId, user).toJson());
}

apiary::Response UserRoutes::get(const apiary::Request& request,
                                 const std::string& projectId) const {
  const auto user = users_.find(projectId, ProjectGuard::uuidParam(request, "userId"));
  if (!user) throw Envelope::notFound("User not found");
  return Envelope::ok(user->toJson());
}

apiary::Response UserRoutes::remove(const apiary::Request& request,
                                    const std::string& projectId) const {
  const std::string id = ProjectGuard::uuidParam(request, "userId");
  if (!users_.softDelete(projectId, id)) throw Envelope::notFound("User not found");
  Json data = Json::object();
  data["id"] = id;
  return Envelope::ok(std::move(data));
}

}  // namespace spectrum
