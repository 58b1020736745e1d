// Periodic jobs (expiry sweeps) on the host's timer thread, never on a request thread.
// The host cancels an instance's timers before calling its stop().
#pragma once

#include <apiary/logger.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>

namespace apiary {

class Timers {
 public:
  Timers(apiary_plugin_ctx* ctx, Logger logger) : ctx_(ctx), logger_(logger) {}
  Timers(const Timers&) = delete;
  Timers& operator=(const Timers&) = delete;

  // Runs job every interval (first run one interval from now). An exception from job is
  // logged and the timer keeps running. Returns the id for cancel(). Throws on bad arguments.
  uint64_t every(std::chrono::milliseconds interval, std::function<void()> job) {
    Slot* slot;
    {
      std::lock_guard lock(mutex_);
      slot = &slots_.emplace_back(Slot{std::move(job), &logger_});
    }
    const uint64_t id = host().timer_every(ctx_, interval.count(), &run, slot);
    if (id == 0) throw std::invalid_argument("timer refused: interval must be positive");
    return id;
  }

  // When it returns, the job is not running and will not run again.
  void cancel(uint64_t id) { host().timer_cancel(ctx_, id); }

 private:
  struct Slot {
    std::function<void()> job;
    const Logger* logger;
  };

  static void run(void* user) {
    auto* slot = static_cast<Slot*>(user);
    try {
      slot->job();
    } catch (const std::exception& e) {
      slot->logger->error(std::string("timer job failed: ") + e.what());
    } catch (...) {
      slot->logger->error("timer job failed: unknown exception");
    }
  }

  apiary_plugin_ctx* ctx_;
  Logger logger_;
  std::mutex mutex_;
  std::deque<Slot> slots_;  // stable addresses: the host holds pointers to them
};

}  // namespace apiary
