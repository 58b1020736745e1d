// The host's clock. Use it instead of std::chrono clocks so that tests (the fake host) can move
// time for expiry logic.
#pragma once

#include <apiary/host_api.hpp>

#include <chrono>

namespace apiary {

class Clock {
 public:
  explicit Clock(const apiary_plugin_ctx* ctx) : ctx_(ctx) {}
  // Milliseconds since the Unix epoch.
  int64_t wallMs() const { return host().clock_wall_ms(ctx_); }
  // Milliseconds from an arbitrary origin; never goes back. Use for durations and expiry.
  int64_t monotonicMs() const { return host().clock_monotonic_ms(ctx_); }
  std::chrono::system_clock::time_point now() const {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(wallMs()));
  }

 private:
  const apiary_plugin_ctx* ctx_;
};

}  // namespace apiary
