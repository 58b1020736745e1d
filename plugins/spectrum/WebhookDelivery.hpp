// Sends queued deliveries (spectrum_deliveries, filled by EventEmitter) to webhook URLs, signed
// (WebhookSigner) and retried as Photon documents: up to max_attempts attempts, delays
// 200 ms, 1 s, 5 s, 10 s, 10 s times a jitter in [0.5, 1.5); retry on 5xx, 408, 429, network
// errors and timeouts; other 4xx and 3xx (redirects are never followed) are final, as are
// refused URLs (not HTTPS, non-public address) unless the operator allows them.
//
// Never on a request thread: `workers` threads owned here poll the queue (and wake() when an
// event is queued); with workers = 0 the host's timer tick drains the queue itself, which lets
// unit tests drive retries with FakeHost::advance. Each row is leased before it is sent, so
// several instances sharing the database never send the same attempt twice at once
// (delivery is at least once: a crash mid-send resends after the lease).
#pragma once

#include "SpectrumSettings.hpp"

#include <apiary/clock.hpp>
#include <apiary/database.hpp>
#include <apiary/http_client.hpp>
#include <apiary/logger.hpp>
#include <apiary/metrics.hpp>
#include <apiary/timers.hpp>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace spectrum {

class WebhookDelivery {
 public:
  enum class Outcome { Delivered, Retry, Final };

  struct Counters {
    apiary::Counter attempts, delivered, failed;
  };

  WebhookDelivery(apiary::Database db, apiary::Clock clock, apiary::HttpClient http,
                  apiary::Logger log, DeliverySettings settings, Counters counters = {})
      : db_(db),
        clock_(clock),
        http_(http),
        log_(log),
        settings_(std::move(settings)),
        counters_(std::move(counters)) {}
  ~WebhookDelivery() { stop(); }
  WebhookDelivery(const WebhookDelivery&) = delete;
  WebhookDelivery& operator=(const WebhookDelivery&) = delete;

  void start(apiary::Timers& timers);
  void stop();
  // Something was queued: workers look now instead of at their next poll.
  void wake();

  // Attempts one batch of due deliveries on this thread; returns how many were attempted.
  size_t drainOnce();

  static Outcome classify(const apiary::HttpResult& result);
  // The pause after attempt number `attempt` (1-based) failed, jitter included.
  int64_t retryDelayMs(int attempt) const;

 private:
  struct Due {
    std::string id, webhookId, event, body, url, secret;
    int64_t attempts = 0;
    bool webhookDeleted = false;
  };
  void attempt(const Due& due);
  void finish(const Due& due, int attempt, const std::string& state, int status,
              const std::string& error, int64_t nextAttemptMs);
  void workerLoop();

  apiary::Database db_;
  apiary::Clock clock_;
  apiary::HttpClient http_;
  apiary::Logger log_;
  DeliverySettings settings_;
  Counters counters_;

  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  bool pending_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace spectrum
