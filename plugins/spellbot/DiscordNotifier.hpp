// Sends Discord direct messages off the request thread: POST /users/@me/channels, then
// POST /channels/{id}/messages, through the host's outbound HTTP to the configured API base.
// Up to `attempts` tries with exponential waits (upstream: tenacity, 4-10 s), no retry on
// 400/401/403/404. One worker thread owns a queue ordered by due time, so a waiting retry never
// blocks other messages; every failure is logged with the recipient, never the token.
#pragma once

#include "SpellbotSettings.hpp"

#include <apiary/http_client.hpp>
#include <apiary/logger.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace spellbot {

class DiscordNotifier {
 public:
  // Completion of one batch of messages (one /record call).
  class Batch {
   public:
    // True when every message finished (sent or given up) within timeout.
    bool waitFor(std::chrono::milliseconds timeout);
    int64_t sent() const;
    int64_t failed() const;

   private:
    friend class DiscordNotifier;
    void done(bool ok);
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    int64_t pending_ = 0, sent_ = 0, failed_ = 0;
  };

  DiscordNotifier(const SpellbotSettings& settings, apiary::HttpClient http, apiary::Logger log);
  ~DiscordNotifier();
  DiscordNotifier(const DiscordNotifier&) = delete;
  DiscordNotifier& operator=(const DiscordNotifier&) = delete;

  void start();
  // Stops the worker; messages still queued are logged as not sent.
  void stop();

  // Queues one DM per recipient with the same message body ({"embeds": [...]}).
  std::shared_ptr<Batch> send(const std::vector<int64_t>& recipients,
                              const nlohmann::ordered_json& message);

 private:
  using Clock = std::chrono::steady_clock;
  struct Job {
    int64_t recipient;
    std::shared_ptr<const std::string> body;
    std::shared_ptr<Batch> batch;
    int attempt;
    Clock::time_point due;
  };
  enum class Outcome { Sent, Retry, GiveUp };

  void run();
  Outcome attempt(const Job& job, std::string& why) const;
  apiary::HttpResult post(const std::string& path, const std::string& body) const;
  std::chrono::milliseconds backoff(int attempt) const;

  const SpellbotSettings& settings_;
  apiary::HttpClient http_;
  apiary::Logger log_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Job> queue_;  // unordered; the worker picks the earliest due
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace spellbot
