// The host's timer thread: jobs run off the caller's thread, repeatedly, and never again once
// cancelled (cancel waits for a running job).
#include "TimerService.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace apiary {
namespace {

using namespace std::chrono_literals;

struct Probe {
  std::atomic<int> runs{0};
  std::atomic<bool> inside{false};
  std::thread::id thread;
  std::chrono::milliseconds work{0};
};

void tick(void* user) {
  auto* p = static_cast<Probe*>(user);
  p->inside = true;
  p->thread = std::this_thread::get_id();
  std::this_thread::sleep_for(p->work);
  ++p->runs;
  p->inside = false;
}

bool waitFor(const std::function<bool()>& condition) {
  for (int i = 0; i < 1000 && !condition(); ++i) std::this_thread::sleep_for(5ms);
  return condition();
}

TEST(TimerService, RunsRepeatedlyOnItsOwnThread) {
  TimerService timers;
  Probe probe;
  const int owner = 0;
  ASSERT_NE(timers.every(&owner, 5ms, &tick, &probe), 0u);
  EXPECT_TRUE(waitFor([&] { return probe.runs >= 3; }));
  EXPECT_NE(probe.thread, std::this_thread::get_id());
}

TEST(TimerService, RefusesBadArguments) {
  TimerService timers;
  Probe probe;
  EXPECT_EQ(timers.every(nullptr, 0ms, &tick, &probe), 0u);
  EXPECT_EQ(timers.every(nullptr, -5ms, &tick, &probe), 0u);
  EXPECT_EQ(timers.every(nullptr, 5ms, nullptr, &probe), 0u);
}

TEST(TimerService, CancelWaitsForARunningJobAndStopsIt) {
  TimerService timers;
  Probe probe;
  probe.work = 100ms;
  const uint64_t id = timers.every(nullptr, 1ms, &tick, &probe);
  ASSERT_TRUE(waitFor([&] { return probe.inside.load(); }));
  timers.cancel(id);
  EXPECT_FALSE(probe.inside.load());  // cancel returned only after the job finished
  const int after = probe.runs;
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(probe.runs.load(), after);
}

TEST(TimerService, CancelAllStopsOnlyThatOwner) {
  TimerService timers;
  Probe a, b;
  const int ownerA = 0, ownerB = 0;
  timers.every(&ownerA, 2ms, &tick, &a);
  timers.every(&ownerB, 2ms, &tick, &b);
  ASSERT_TRUE(waitFor([&] { return a.runs > 0 && b.runs > 0; }));
  timers.cancelAll(&ownerA);
  const int afterA = a.runs, afterB = b.runs;
  EXPECT_TRUE(waitFor([&] { return b.runs > afterB + 2; }));
  EXPECT_EQ(a.runs.load(), afterA);
}

TEST(TimerService, ShutdownStopsEverything) {
  Probe probe;
  {
    TimerService timers;
    timers.every(nullptr, 1ms, &tick, &probe);
    ASSERT_TRUE(waitFor([&] { return probe.runs > 0; }));
    timers.shutdown();
    const int after = probe.runs;
    std::this_thread::sleep_for(20ms);
    EXPECT_EQ(probe.runs.load(), after);
    EXPECT_EQ(timers.every(nullptr, 1ms, &tick, &probe), 0u);
  }
}

}  // namespace
}  // namespace apiary
