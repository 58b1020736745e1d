#include "TimerService.h"

#include <Poco/Logger.h>

#include <vector>

namespace apiary {

TimerService::TimerService() : thread_([this] { run(); }) {}

TimerService::~TimerService() {
  shutdown();
}

uint64_t TimerService::every(const void* owner, std::chrono::milliseconds interval,
                             apiary_timer_fn fn, void* user) {
  if (fn == nullptr || interval.count() <= 0) return 0;
  std::lock_guard lock(mutex_);
  if (stopping_) return 0;
  const uint64_t id = nextId_++;
  timers_[id] = Timer{owner, interval, fn, user, std::chrono::steady_clock::now() + interval};
  changed_.notify_all();
  return id;
}

void TimerService::waitWhileRunning(std::unique_lock<std::mutex>& lock, uint64_t id) {
  // A callback cancelling its own timer would wait for itself forever.
  if (std::this_thread::get_id() == thread_.get_id()) return;
  changed_.wait(lock, [&] { return running_ != id; });
}

void TimerService::cancel(uint64_t id) {
  std::unique_lock lock(mutex_);
  timers_.erase(id);
  waitWhileRunning(lock, id);
}

void TimerService::cancelAll(const void* owner) {
  std::unique_lock lock(mutex_);
  std::vector<uint64_t> ids;
  for (const auto& [id, t] : timers_)
    if (t.owner == owner) ids.push_back(id);
  for (uint64_t id : ids) {
    timers_.erase(id);
    waitWhileRunning(lock, id);
  }
}

void TimerService::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    timers_.clear();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TimerService::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (timers_.empty()) {
      changed_.wait(lock);
      continue;
    }
    auto next = timers_.begin();
    for (auto it = timers_.begin(); it != timers_.end(); ++it)
      if (it->second.due < next->second.due) next = it;
    const auto now = std::chrono::steady_clock::now();
    if (next->second.due > now) {
      // A copy: wait_until reads its deadline again after waking, and while it waits (lock
      // released) cancel() may erase this timer (ASan: heap-use-after-free).
      const auto due = next->second.due;
      changed_.wait_until(lock, due);
      continue;
    }
    const uint64_t id = next->first;
    Timer timer = next->second;
    // Fixed rate without catch-up bursts: after a long pause the next run is one interval on.
    next->second.due = std::max(timer.due + timer.interval, now);
    running_ = id;
    lock.unlock();
    timer.fn(timer.user);  // the SDK trampoline catches every exception
    lock.lock();
    running_ = 0;
    changed_.notify_all();
  }
}

}  // namespace apiary
