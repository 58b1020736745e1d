#include "ProjectRoutes.hpp"

namespace spectrum {

void ProjectRoutes::add(apiary::Router& router, const ProjectGuard& guard) const {
  router.get("/projects/{projectId}",
             guard.wrap([this](const apiary::Request&, const std::string& p) { return get(p); }),
             "The authenticated project (never its secret)");
  router.post("/projects/{projectId}/regenerate-secret",
              guard.wrap([this](const apiary::Request&, const std::string& p) {
                return regenerateSecret(p);
              }),
              "Rotate the project secret; the old one fails at once");
}

apiary::Response ProjectRoutes::get(const std::string& projectId) const {
  const auto project = projects_.find(projectId);
  if (!project) throw Envelope::unauthorized();
  return Envelope::ok(project->toJson());
}

apiary::Response ProjectRoutes::regenerateSecret(const std::string& projectId) const {
  const auto project = projects_.find(projectId);
  if (!project) throw Envelope::unauthorized();
  Json data = Json::object();
  data["projectId"] = project->id;
  data["projectSecret"] = credentials_.regenerate(*project);
  return Envelope::ok(std::move(data));
}

}  // namespace spectrum
