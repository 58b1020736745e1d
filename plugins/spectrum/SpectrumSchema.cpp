#include "SpectrumSchema.hpp"

namespace spectrum {

std::vector<apiary::Migration> SpectrumSchema::migrations() {
  return {
      {1,
       "projects, platforms, webhooks, number pool, lines, users, deliveries, rate windows",
       {
           // credential_id: the project secret in the host's credential store (realm config).
           "CREATE TABLE spectrum_projects (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
           "slug TEXT NOT NULL UNIQUE, profile TEXT NOT NULL, credential_id BIGINT, "
           "created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)",
           "CREATE TABLE spectrum_platforms (project_id TEXT NOT NULL, platform TEXT NOT NULL, "
           "enabled BIGINT NOT NULL, updated_ms BIGINT NOT NULL, "
           "PRIMARY KEY (project_id, platform))",
           // seq keeps creation order exact when two rows share a millisecond.
           "CREATE TABLE spectrum_webhooks (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, "
           "seq BIGINT NOT NULL, url TEXT NOT NULL, signing_secret TEXT NOT NULL, "
           "created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL, deleted_ms BIGINT)",
           "CREATE UNIQUE INDEX spectrum_webhooks_active_url ON spectrum_webhooks "
           "(project_id, url) WHERE deleted_ms IS NULL",
           "CREATE INDEX spectrum_webhooks_project ON spectrum_webhooks (project_id, seq)",
           // The operator's pool: kind 'dedicated' (lines) or 'shared' (shared users' numbers).
           "CREATE TABLE spectrum_numbers (phone_number TEXT PRIMARY KEY, kind TEXT NOT NULL, "
           "added_ms BIGINT NOT NULL)",
           "CREATE TABLE spectrum_lines (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, "
           "seq BIGINT NOT NULL, platform TEXT NOT NULL, phone_number TEXT NOT NULL, "
           "created_ms BIGINT NOT NULL, deleted_ms BIGINT)",
           "CREATE UNIQUE INDEX spectrum_lines_active_number ON spectrum_lines (phone_number) "
           "WHERE deleted_ms IS NULL",
           "CREATE INDEX spectrum_lines_project ON spectrum_lines (project_id, seq)",
           "CREATE TABLE spectrum_users (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, "
           "seq BIGINT NOT NULL, type TEXT NOT NULL, first_name TEXT, last_name TEXT, "
           "email TEXT, phone_number TEXT NOT NULL, assigned_phone_number TEXT NOT NULL, "
           "meta TEXT NOT NULL, created_ms BIGINT NOT NULL, deleted_ms BIGINT)",
           "CREATE INDEX spectrum_users_project ON spectrum_users (project_id, seq)",
           "CREATE INDEX spectrum_users_assigned ON spectrum_users (assigned_phone_number)",
           // The delivery queue: state pending -> delivered | failed. lease_until_ms lets
           // several instances drain it without sending a delivery twice at once.
           "CREATE TABLE spectrum_deliveries (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, "
           "webhook_id TEXT NOT NULL, event TEXT NOT NULL, body TEXT NOT NULL, "
           "state TEXT NOT NULL, attempts BIGINT NOT NULL, next_attempt_ms BIGINT NOT NULL, "
           "lease_until_ms BIGINT NOT NULL, last_status BIGINT, last_error TEXT, "
           "created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)",
           "CREATE INDEX spectrum_deliveries_due ON spectrum_deliveries (state, next_attempt_ms)",
           "CREATE INDEX spectrum_deliveries_webhook ON spectrum_deliveries (webhook_id)",
           // Requests per project per one-second window, shared by every instance.
           "CREATE TABLE spectrum_rate_windows (project_id TEXT NOT NULL, "
           "window_start BIGINT NOT NULL, hits BIGINT NOT NULL, "
           "PRIMARY KEY (project_id, window_start))",
       }},
  };
}

}  // namespace spectrum
