// /projects/{projectId}/webhooks/: list (oldest first, no secret), create (secret shown once),
// soft delete, and POST .../{webhookId}/test which queues a "webhook.test" delivery.
#pragma once

#include "EventEmitter.hpp"
#include "ProjectGuard.hpp"
#include "WebhookDelivery.hpp"
#include "WebhookStore.hpp"

namespace spectrum {

class WebhookRoutes {
 public:
  WebhookRoutes(const WebhookStore& webhooks, const EventEmitter& events, WebhookDelivery& delivery,
                apiary::Clock clock)
      : webhooks_(webhooks), events_(events), delivery_(delivery), clock_(clock) {}

  void add(apiary::Router& router, const ProjectGuard& guard) const;

 private:
  apiary::Response list(const std::string& projectId) const;
  apiary::Response create(const apiary::Request& request, const std::string& projectId) const;
  apiary::Response remove(const apiary::Request& request, const std::string& projectId) const;
  apiary::Response test(const apiary::Request& request, const std::string& projectId) const;

  const WebhookStore& webhooks_;
  const EventEmitter& events_;
  WebhookDelivery& delivery_;
  apiary::Clock clock_;
};

}  // namespace spectrum
