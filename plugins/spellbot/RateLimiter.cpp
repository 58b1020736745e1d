#include "RateLimiter.hpp"

namespace spellbot {

bool RateLimiter::hit(const std::string& key, int64_t nowMs) {
  std::lock_guard lock(mutex_);
  if (windows_.size() > 100000) {  // bounded memory: drop expired windows
    for (auto it = windows_.begin(); it != windows_.end();)
      it = nowMs - it->second.startMs >= windowMs_ ? windows_.erase(it) : std::next(it);
  }
  auto [it, inserted] = windows_.try_emplace(key, Window{nowMs, 0});
  if (!inserted && nowMs - it->second.startMs >= windowMs_) it->second = Window{nowMs, 0};
  return ++it->second.count > limit_;
}

}  // namespace spellbot
