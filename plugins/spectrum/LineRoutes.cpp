#include "LineRoutes.hpp"

#include "BodyReader.hpp"

namespace spectrum {

void LineRoutes::add(apiary::Router& router, const ProjectGuard& guard) const {
  router.get(
      "/projects/{projectId}/lines",
      guard.wrap([this](const apiary::Request& r, const std::string& p) { return list(r, p); }),
      "The project's lines ({lines:[...]}), optionally ?platform=");
  router.post(
      "/projects/{projectId}/lines",
      guard.wrap([this](const apiary::Request& r, const std::string& p) { return create(r, p); }),
      "Add a dedicated iMessage line from the operator's pool");
  router.get("/projects/{projectId}/lines/route",
             guard.wrap([this](const apiary::Request&, const std::string& p) { return route(p); }),
             "The best dedicated iMessage line for a new user");
  router.del(
      "/projects/{projectId}/lines/{lineId}",
      guard.wrap([this](const apiary::Request& r, const std::string& p) { return remove(r, p); }),
      "Remove a line; returns billing figures");
}

apiary::Response LineRoutes::list(const apiary::Request& request,
                                  const std::string& projectId) const {
  const auto platform = request.query("platform");
  if (platform && !ProjectStore::isPlatform(*platform))
    throw Envelope::validation(
        "platform must be one of: imessage, whatsapp_business, slack, voice");
  Json lines = Json::array();
  for (const auto& l : lines_.list(projectId, platform.value_or(""))) lines.push_back(l.toJson());
  Json data = Json::object();
  data["lines"] = std::move(lines);
  return Envelope::ok(std::move(data));
}

apiary::Response LineRoutes::create(const apiary::Request& request,
                                    const std::string& projectId) const {
  const BodyReader body = BodyReader::parse(request.body());
  const std::string platform = body.requiredString("platform");
  if (platform != "imessage") throw Envelope::validation("platform must be one of: imessage");
  int64_t quantity = 0;
  const auto line = lines_.allocate(projectId, platform, quantity);
  if (!line)
    throw Envelope::conflict(
        "No iMessage numbers are available; the operator must add numbers to the pool",
        "pool_exhausted");
  Json data = Json::object();
  data["line"] = line->toJson();
  data["billing"] = billing_.figures(quantity, +1, line->createdMs);
  return Envelope::ok(std::move(data));
}

apiary::Response LineRoutes::remove(const apiary::Request& request,
                                    const std::string& projectId) const {
  const std::string id = ProjectGuard::uuidParam(request, "lineId");
  int64_t quantity = 0;
  const auto line = lines_.remove(projectId, id, quantity);
  if (!line) throw Envelope::notFound("Line not found");
  Json data = Json::object();
  // Photon bills iMessage lines per seat; WhatsApp Business lines carry no billing.
  data["billing"] = line->platform == "imessage" ? billing_.figures(quantity, -1, clock_.wallMs())
                                                 : Json(nullptr);
  return Envelope::ok(std::move(data));
}

apiary::Response LineRoutes::route(const std::string& projectId) const {
  const auto choice = lines_.route(projectId, clock_.wallMs() - kRecentWindowMs);
  if (!choice) throw Envelope::notFound("The project has no dedicated iMessage lines");
  Json data = choice->line.toJson();
  data["userCount"] = choice->users;
  data["isBestAvailable"] =
      choice->users <= kMaxUsersPerLine && choice->recentUsers <= kMaxRecentUsers;
  return Envelope::ok(std::move(data));
}

}  // namespace spectrum
