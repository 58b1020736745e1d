// Webhook registrations in storage: soft deletes, one active registration per (project, URL)
// enforced by a partial unique index so that two racing creates cannot both succeed.
#pragma once

#include "Envelope.hpp"

#include <apiary/clock.hpp>
#include <apiary/database.hpp>

#include <optional>
#include <string>
#include <vector>

namespace spectrum {

struct WebhookRecord {
  std::string id, projectId, url, signingSecret;
  int64_t createdMs = 0, updatedMs = 0;

  // {id, webhookUrl, createdAt, updatedAt} (+ signingSecret, only in the create response).
  Json toJson(bool withSecret) const;
};

class WebhookStore {
 public:
  WebhookStore(apiary::Database db, apiary::Clock clock) : db_(db), clock_(clock) {}

  // Active webhooks, oldest first.
  std::vector<WebhookRecord> list(std::string_view projectId) const;
  // Throws 409 when the URL is already active for the project.
  WebhookRecord create(std::string_view projectId, const std::string& url) const;
  std::optional<WebhookRecord> findActive(std::string_view projectId, std::string_view id) const;
  // False when unknown, of another project or already deleted.
  bool softDelete(std::string_view projectId, std::string_view id) const;

 private:
  apiary::Database db_;
  apiary::Clock clock_;
};

}  // namespace spectrum
