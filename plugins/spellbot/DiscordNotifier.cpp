#include "DiscordNotifier.hpp"

#include <algorithm>

namespace spellbot {

bool DiscordNotifier::Batch::waitFor(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [this] { return pending_ == 0; });
}

int64_t DiscordNotifier::Batch::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

int64_t DiscordNotifier::Batch::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

void DiscordNotifier::Batch::done(bool ok) {
  {
    std::lock_guard lock(mutex_);
    --pending_;
    ++(ok ? sent_ : failed_);
  }
  cv_.notify_all();
}

DiscordNotifier::DiscordNotifier(const SpellbotSettings& settings, apiary::HttpClient http,
                                 apiary::Logger log)
    : settings_(settings), http_(http), log_(log) {}

DiscordNotifier::~DiscordNotifier() {
  stop();
}

void DiscordNotifier::start() {
  std::lock_guard lock(mutex_);
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { run(); });
}

void DiscordNotifier::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
  std::vector<Job> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(queue_);
  }
  for (const Job& job : left) {
    log_.error("discord DM to user " + std::to_string(job.recipient) +
               " not sent: shutting down (attempt " + std::to_string(job.attempt) + " pending)");
    job.batch->done(false);
  }
}

std::shared_ptr<DiscordNotifier::Batch> DiscordNotifier::send(
    const std::vector<int64_t>& recipients, const nlohmann::ordered_json& message) {
  auto batch = std::make_shared<Batch>();
  auto body = std::make_shared<const std::string>(message.dump());
  std::vector<int64_t> refused;
  {
    std::lock_guard lock(mutex_);
    for (int64_t recipient : recipients) {
      if (stopping_ || !worker_.joinable() ||
          static_cast<int64_t>(queue_.size()) >= settings_.dm.queueLimit) {
        refused.push_back(recipient);
        continue;
      }
      {
        std::lock_guard batchLock(batch->mutex_);
        ++batch->pending_;
      }
      queue_.push_back(Job{recipient, body, batch, 1, Clock::now()});
    }
  }
  cv_.notify_all();
  for (int64_t recipient : refused) {
    log_.error("discord DM to user " + std::to_string(recipient) +
               " not sent: the notifier is not running or its queue is full");
    std::lock_guard batchLock(batch->mutex_);
    ++batch->failed_;
  }
  return batch;
}

void DiscordNotifier::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto next = std::min_element(queue_.begin(), queue_.end(),
                                 [](const Job& a, const Job& b) { return a.due < b.due; });
    if (next->due > Clock::now()) {
      // A copy: wait_until reads its deadline again after waking, and a job queued meanwhile
      // may reallocate queue_ under the reference.
      const auto due = next->due;
      cv_.wait_until(lock, due);
      continue;
    }
    Job job = *next;
    queue_.erase(next);
    lock.unlock();
    std::string why;
    const Outcome outcome = attempt(job, why);
    lock.lock();
    if (outcome == Outcome::Sent) {
      job.batch->done(true);
    } else if (outcome == Outcome::Retry && job.attempt < settings_.dm.attempts && !stopping_) {
      log_.warning("discord DM to user " + std::to_string(job.recipient) + " failed (attempt " +
                   std::to_string(job.attempt) + "): " + why + "; retrying");
      job.due = Clock::now() + backoff(job.attempt);
      ++job.attempt;
      queue_.push_back(std::move(job));
    } else {
      log_.error("discord DM to user " + std::to_string(job.recipient) + " not sent after " +
                 std::to_string(job.attempt) + " attempt(s): " + why);
      job.batch->done(false);
    }
  }
}

std::chrono::milliseconds DiscordNotifier::backoff(int attempt) const {
  // tenacity wait_exponential(multiplier=1, min, max): 2^attempt seconds, clamped.
  int64_t wait = settings_.dm.retryMinMs;
  for (int i = 1; i < attempt && wait < settings_.dm.retryMaxMs; ++i) wait *= 2;
  return std::chrono::milliseconds(
      std::clamp(wait, settings_.dm.retryMinMs, settings_.dm.retryMaxMs));
}

apiary::HttpResult DiscordNotifier::post(const std::string& path, const std::string& body) const {
  apiary::HttpRequest request;
  request.method = "POST";
  request.url = settings_.discordApiUrl + path;
  request.headers = {{"Authorization", "Bot " + settings_.botToken},
                     {"Content-Type", "application/json"}};
  request.body = body;
  request.totalTimeout = std::chrono::milliseconds(settings_.dm.timeoutMs);
  return http_.send(request);
}

DiscordNotifier::Outcome DiscordNotifier::attempt(const Job& job, std::string& why) const {
  if (settings_.botToken.empty()) {
    why = "no bot_token configured";
    return Outcome::GiveUp;
  }
  auto classify = [&](const apiary::HttpResult& r, const char* step) {
    if (!r.ok()) {
      why = std::string(step) + ": " + r.message;
      return Outcome::Retry;
    }
    why = std::string(step) + ": HTTP " + std::to_string(r.status);
    const bool permanent = r.status == 400 || r.status == 401 || r.status == 403 || r.status == 404;
    return permanent ? Outcome::GiveUp : Outcome::Retry;
  };
  const apiary::HttpResult channel =
      post("/users/@me/channels", nlohmann::json{{"recipient_id", job.recipient}}.dump());
  if (!channel.ok() || channel.status < 200 || channel.status >= 300)
    return classify(channel, "open DM channel");
  const auto doc = nlohmann::json::parse(channel.body, nullptr, false);
  std::string channelId;
  if (doc.is_object() && doc.contains("id")) {
    if (doc["id"].is_string())
      channelId = doc["id"].get<std::string>();
    else if (doc["id"].is_number_unsigned())
      channelId = std::to_string(doc["id"].get<uint64_t>());
  }
  if (channelId.empty() || channelId.find_first_not_of("0123456789") != std::string::npos) {
    why = "open DM channel: no channel id in Discord's answer";
    return Outcome::Retry;
  }
  const apiary::HttpResult message = post("/channels/" + channelId + "/messages", *job.body);
  if (!message.ok() || message.status < 200 || message.status >= 300)
    return classify(message, "send message");
  return Outcome::Sent;
}

}  // namespace spellbot
