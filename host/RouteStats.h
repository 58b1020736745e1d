// Request counters and a latency histogram for one route (or one mount's unmatched paths):
// lock-free atomics, recorded by any worker thread, read by /metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace apiary {

class RouteStats {
 public:
  // Upper bounds of the latency buckets, in seconds (Prometheus' defaults).
  static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                      0.5,   1.0,  2.5,   5.0,  10.0};

  void record(int status, double seconds) {
    const int cls = status / 100;
    byClass_[(cls >= 1 && cls <= 5) ? cls - 1 : 4].fetch_add(1, std::memory_order_relaxed);
    size_t bucket = 0;
    while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
    buckets_[bucket].fetch_add(1, std::memory_order_relaxed);  // the last one is +Inf
    sumMicros_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  }

  // Requests answered with status class cls (1..5).
  uint64_t count(int cls) const { return byClass_[cls - 1].load(std::memory_order_relaxed); }
  // Non-cumulative count of bucket i (kBuckets.size() is +Inf).
  uint64_t bucket(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  double sumSeconds() const { return sumMicros_.load(std::memory_order_relaxed) / 1e6; }

 private:
  std::array<std::atomic<uint64_t>, 5> byClass_{};
  std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets_{};
  std::atomic<uint64_t> sumMicros_{0};
};

}  // namespace apiary
