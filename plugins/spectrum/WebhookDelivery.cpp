#include "WebhookDelivery.hpp"

#include "RandomIds.hpp"
#include "WebhookSigner.hpp"
#include "WebhookUrl.hpp"

#include <algorithm>
#include <chrono>

namespace spectrum {

void WebhookDelivery::start(apiary::Timers& timers) {
  if (settings_.workers == 0) {
    timers.every(std::chrono::milliseconds(settings_.pollIntervalMs), [this] { drainOnce(); });
    return;
  }
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  for (int i = 0; i < settings_.workers; ++i) workers_.emplace_back([this] { workerLoop(); });
}

void WebhookDelivery::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  for (auto& t : workers_)
    if (t.joinable()) t.join();
  workers_.clear();
}

void WebhookDelivery::wake() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wakeup_.notify_one();
}

void WebhookDelivery::workerLoop() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wakeup_.wait_for(lock, std::chrono::milliseconds(settings_.pollIntervalMs),
                       [this] { return stopping_ || pending_; });
      if (stopping_) return;
      pending_ = false;
    }
    try {
      // A full batch means more may be due: go again at once.
      while (drainOnce() >= static_cast<size_t>(settings_.batchSize)) {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
      }
    } catch (const std::exception& e) {
      log_.error(std::string("webhook delivery: ") + e.what());
    }
  }
}

size_t WebhookDelivery::drainOnce() {
  const int64_t now = clock_.wallMs();
  const auto rows = db_.execute(
      "SELECT d.id, d.webhook_id, d.event, d.body, d.attempts, w.url, w.signing_secret, "
      "w.deleted_ms FROM spectrum_deliveries d JOIN spectrum_webhooks w ON w.id = d.webhook_id "
      "WHERE d.state = 'pending' AND d.next_attempt_ms <= ? AND d.lease_until_ms <= ? "
      "ORDER BY d.next_attempt_ms, d.created_ms LIMIT ?",
      {now, now, settings_.batchSize});
  std::vector<Due> due;
  for (size_t i = 0; i < rows.size(); ++i)
    due.push_back({rows[i].text(0), rows[i].text(1), rows[i].text(2), rows[i].text(3),
                   rows[i].text(5), rows[i].text(6), rows[i].int64(4), !rows[i].isNull(7)});
  size_t attempted = 0;
  for (const Due& d : due) {
    // The lease: only the instance (or worker) whose update wins sends this attempt.
    const int64_t leaseUntil = clock_.wallMs() + settings_.attemptTimeoutMs + 5000;
    const auto claimed = db_.execute(
        "UPDATE spectrum_deliveries SET lease_until_ms = ? WHERE id = ? AND state = 'pending' "
        "AND lease_until_ms <= ? AND attempts = ?",
        {leaseUntil, d.id, now, d.attempts});
    if (claimed.affectedRows() != 1) continue;
    ++attempted;
    attempt(d);
  }
  return attempted;
}

void WebhookDelivery::attempt(const Due& due) {
  const int number = static_cast<int>(due.attempts) + 1;
  if (due.webhookDeleted) return finish(due, number - 1, "failed", 0, "webhook deleted", 0);
  const auto url = WebhookUrl::parse(due.url);
  if (!url) return finish(due, number - 1, "failed", 0, "invalid webhook URL", 0);
  const WebhookUrl::Verdict verdict =
      WebhookUrl::checkDelivery(*url, settings_.allowInsecure, settings_.allowPrivate);
  if (verdict.kind == WebhookUrl::Verdict::Refused) {
    log_.warning("webhook delivery " + due.id + " refused: " + verdict.reason);
    return finish(due, number - 1, "failed", 0, verdict.reason, 0);
  }

  Outcome outcome = Outcome::Retry;
  int status = 0;
  std::string error;
  counters_.attempts.add();
  if (verdict.kind == WebhookUrl::Verdict::Retry) {
    error = verdict.reason;
  } else {
    const int64_t timestamp = clock_.wallMs() / 1000;
    apiary::HttpRequest request;
    request.method = "POST";
    request.url = due.url;
    request.headers = {
        {"Content-Type", "application/json"},
        {"X-Spectrum-Event", due.event},
        {"X-Spectrum-Webhook-Id", due.webhookId},
        {"X-Spectrum-Delivery-Id", due.id},
        {"X-Spectrum-Timestamp", std::to_string(timestamp)},
        {"X-Spectrum-Signature", WebhookSigner::signature(due.secret, timestamp, due.body)}};
    request.body = due.body;
    request.totalTimeout = std::chrono::milliseconds(settings_.attemptTimeoutMs);
    request.connectTimeout =
        std::chrono::milliseconds(std::min<int64_t>(settings_.attemptTimeoutMs, 10000));
    request.maxResponseBytes = 64 * 1024;  // the receiver's answer is not used
    const apiary::HttpResult result = http_.send(request);
    outcome = classify(result);
    status = result.status;
    error = result.ok() ? "HTTP " + std::to_string(result.status) : result.message;
  }

  if (outcome == Outcome::Delivered) return finish(due, number, "delivered", status, {}, 0);
  if (outcome == Outcome::Retry && number < settings_.maxAttempts)
    return finish(due, number, "pending", status, error, clock_.wallMs() + retryDelayMs(number));
  log_.warning("webhook delivery " + due.id + " to webhook " + due.webhookId + " failed after " +
               std::to_string(number) + " attempt(s): " + error);
  finish(due, number, "failed", status, error, 0);
}

void WebhookDelivery::finish(const Due& due, int attempt, const std::string& state, int status,
                             const std::string& error, int64_t nextAttemptMs) {
  if (state == "delivered") counters_.delivered.add();
  if (state == "failed") counters_.failed.add();
  const int64_t now = clock_.wallMs();
  db_.execute(
      "UPDATE spectrum_deliveries SET state = ?, attempts = ?, next_attempt_ms = ?, "
      "lease_until_ms = 0, last_status = ?, last_error = ?, updated_ms = ? WHERE id = ?",
      {state, attempt, nextAttemptMs == 0 ? now : nextAttemptMs,
       status == 0 ? apiary::Value(nullptr) : apiary::Value(status),
       error.empty() ? apiary::Value(nullptr) : apiary::Value(error), now, due.id});
}

WebhookDelivery::Outcome WebhookDelivery::classify(const apiary::HttpResult& result) {
  if (!result.ok())  // timeout, refused, TLS, network: the receiver may be back soon
    return result.error == APIARY_HTTP_INVALID ? Outcome::Final : Outcome::Retry;
  if (result.status >= 200 && result.status < 300) return Outcome::Delivered;
  if (result.status >= 500 || result.status == 408 || result.status == 429) return Outcome::Retry;
  return Outcome::Final;
}

int64_t WebhookDelivery::retryDelayMs(int attempt) const {
  const auto& delays = settings_.retryDelaysMs;
  const size_t index = std::min(static_cast<size_t>(std::max(attempt, 1) - 1), delays.size() - 1);
  const double base = static_cast<double>(delays[index]);
  const double factor = settings_.jitter ? 0.5 + RandomIds::unit() : 1.0;
  return std::max<int64_t>(1, static_cast<int64_t>(base * factor));
}

}  // namespace spectrum
