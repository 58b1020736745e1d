#include "SpectrumSettings.hpp"

namespace spectrum {

void SpectrumSettings::read(const apiary::ConfigReader& config) {
  authProvider = config.string("auth_provider", authProvider);
  if (authProvider.empty()) config.fail("auth_provider", "must not be empty");
  realm = config.string("realm", realm);
  if (realm.empty()) config.fail("realm", "must not be empty");
  demo = config.boolean("demo", demo);

  const apiary::ConfigReader limits = config.object("rate_limit");
  rateLimit = limits.boolean("enabled", rateLimit);
  requestsPerSecond = limits.integer("requests_per_second", requestsPerSecond, 1, 100000);

  maxSharedUsers = config.integer("max_shared_users", maxSharedUsers, 0, 100000000);
  linePriceCents =
      config.object("billing").integer("line_price_cents", linePriceCents, 0, 100000000);

  delivery.allowInsecure = config.boolean("allow_insecure_webhooks", delivery.allowInsecure);
  delivery.allowPrivate = config.boolean("allow_private_addresses", delivery.allowPrivate);
  const apiary::ConfigReader d = config.object("delivery");
  delivery.maxAttempts = static_cast<int>(d.integer("max_attempts", delivery.maxAttempts, 1, 50));
  if (d.has("retry_delays_ms")) {
    const nlohmann::json raw = d.raw("retry_delays_ms");
    std::vector<int64_t> delays;
    bool ok = raw.is_array() && !raw.empty();
    if (ok)
      for (const auto& v : raw) {
        if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 86400000) {
          ok = false;
          break;
        }
        delays.push_back(v.get<int64_t>());
      }
    if (ok)
      delivery.retryDelaysMs = delays;
    else
      d.fail("retry_delays_ms", "expected a non-empty array of delays between 1 and 86400000 ms");
  }
  delivery.jitter = d.boolean("jitter", delivery.jitter);
  delivery.attemptTimeoutMs =
      d.integer("attempt_timeout_ms", delivery.attemptTimeoutMs, 100, 300000);
  delivery.pollIntervalMs = d.integer("poll_interval_ms", delivery.pollIntervalMs, 10, 60000);
  delivery.workers = static_cast<int>(d.integer("workers", delivery.workers, 0, 64));
  delivery.batchSize = static_cast<int>(d.integer("batch_size", delivery.batchSize, 1, 1000));
}

}  // namespace spectrum
