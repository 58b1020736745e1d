// Periodic jobs of the plugins, run one at a time on a single host thread so that no request
// worker is ever blocked by a timer. Cancelling waits for a running callback to return.
#pragma once

#include <apiary/abi.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace apiary {

class TimerService {
 public:
  TimerService();
  ~TimerService();
  TimerService(const TimerService&) = delete;
  TimerService& operator=(const TimerService&) = delete;

  // Returns an id > 0, or 0 for a non-positive interval or a null function.
  uint64_t every(const void* owner, std::chrono::milliseconds interval, apiary_timer_fn fn,
                 void* user);
  void cancel(uint64_t id);
  // Cancels every timer of owner (a plugin instance) before it stops.
  void cancelAll(const void* owner);
  // Stops the thread; pending timers never run again.
  void shutdown();

 private:
  struct Timer {
    const void* owner;
    std::chrono::milliseconds interval;
    apiary_timer_fn fn;
    void* user;
    std::chrono::steady_clock::time_point due;
  };

  void run();
  void waitWhileRunning(std::unique_lock<std::mutex>& lock, uint64_t id);

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<uint64_t, Timer> timers_;
  uint64_t nextId_ = 1;
  uint64_t running_ = 0;  // id of the callback running now, 0 if none
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace apiary
