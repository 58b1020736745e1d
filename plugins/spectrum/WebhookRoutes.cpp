#include "WebhookRoutes.hpp"

#include "BodyReader.hpp"
#include "Timestamps.hpp"
#include "WebhookUrl.hpp"

namespace spectrum {
namespace {
constexpr const char* kInvalidUrl = "webhookUrl must be a valid URL";
}

void WebhookRoutes::add(apiary::Router& router, const ProjectGuard& guard) const {
  router.get("/projects/{projectId}/webhooks",
             guard.wrap([this](const apiary::Request&, const std::string& p) { return list(p); }),
             "Active webhooks, oldest first");
  router.post(
      "/projects/{projectId}/webhooks",
      guard.wrap([this](const apiary::Request& r, const std::string& p) { return create(r, p); }),
      "Register a webhook; the signing secret is returned once");
  router.del(
      "/projects/{projectId}/webhooks/{webhookId}",
      guard.wrap([this](const apiary::Request& r, const std::string& p) { return remove(r, p); }),
      "Delete a webhook (soft)");
  router.post(
      "/projects/{projectId}/webhooks/{webhookId}/test",
      guard.wrap([this](const apiary::Request& r, const std::string& p) { return test(r, p); }),
      "Queue a signed webhook.test delivery to this webhook");
}

apiary::Response WebhookRoutes::list(const std::string& projectId) const {
  Json data = Json::array();
  for (const auto& w : webhooks_.list(projectId)) data.push_back(w.toJson(false));
  return Envelope::ok(std::move(data));
}

apiary::Response WebhookRoutes::create(const apiary::Request& request,
                                       const std::string& projectId) const {
  const BodyReader body = BodyReader::parse(request.body());
  std::string url;
  try {
    url = body.requiredString("webhookUrl", WebhookUrl::kMaxLength);
  } catch (const SpectrumError&) {
    throw Envelope::validation(kInvalidUrl);  // Photon's one documented message for all cases
  }
  if (!WebhookUrl::parse(url)) throw Envelope::validation(kInvalidUrl);
  return Envelope::ok(webhooks_.create(projectId, url).toJson(true));
}

apiary::Response WebhookRoutes::remove(const apiary::Request& request,
                                       const std::string& projectId) const {
  const std::string id = ProjectGuard::uuidParam(request, "webhookId");
  if (!webhooks_.softDelete(projectId, id)) throw Envelope::notFound("Webhook not found");
  Json data = Json::object();
  data["id"] = id;
  return Envelope::ok(std::move(data));
}

apiary::Response WebhookRoutes::test(const apiary::Request& request,
                                     const std::string& projectId) const {
  const std::string id = ProjectGuard::uuidParam(request, "webhookId");
  const std::string sentAt = Timestamps::iso(clock_.wallMs());
  Json payload = Json::object();
  payload["projectId"] = projectId;
  payload["webhookId"] = id;
  payload["message"] = "Test event from Spectrum";
  payload["sentAt"] = sentAt;
  const auto deliveryId = events_.emitTo(projectId, id, "webhook.test", payload);
  if (!deliveryId) throw Envelope::notFound("Webhook not found");
  delivery_.wake();
  Json data = Json::object();
  data["deliveryId"] = *deliveryId;
  data["webhookId"] = id;
  data["event"] = "webhook.test";
  data["status"] = "queued";
  return Envelope::ok(std::move(data));
}

}  // namespace spectrum
