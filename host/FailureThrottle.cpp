#include "FailureThrottle.h"

namespace apiary {

int FailureThrottle::recordFailure(const std::string& address) {
  constexpr auto kWindow = std::chrono::seconds(60);
  constexpr size_t kPruneAbove = 10000;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (windows_.size() > kPruneAbove)
    std::erase_if(windows_, [&](const auto& e) { return now - e.second.start >= kWindow; });
  Window& w = windows_[address];
  if (w.failures == 0 || now - w.start >= kWindow) w = Window{now, 0};
  return ++w.failures;
}

}  // namespace apiary
