#include "PlatformRoutes.hpp"

#include "BodyReader.hpp"

namespace spectrum {

void PlatformRoutes::add(apiary::Router& router, const ProjectGuard& guard) const {
  router.get("/projects/{projectId}/platforms",
             guard.wrap([this](const apiary::Request&, const std::string& p) {
               return Envelope::ok(projects_.platforms(p));
             }),
             "Which platforms are enabled");
  router.patch(
      "/projects/{projectId}/platforms",
      guard.wrap([this](const apiary::Request& r, const std::string& p) { return toggle(r, p); }),
      "Enable or disable one platform; returns the full map");
}

apiary::Response PlatformRoutes::toggle(const apiary::Request& request,
                                        const std::string& projectId) const {
  const BodyReader body = BodyReader::parse(request.body());
  const std::string platform = body.requiredString("platform");
  if (!ProjectStore::isPlatform(platform))
    throw Envelope::validation(
        "platform must be one of: imessage, whatsapp_business, slack, voice");
  const bool enabled = body.requiredBool("enabled");
  projects_.setPlatform(projectId, platform, enabled);
  return Envelope::ok(projects_.platforms(projectId));
}

}  // namespace spectrum
