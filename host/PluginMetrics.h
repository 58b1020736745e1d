// Counters that plugins define (ABI 1.4 metric_counter), keyed by name and instance so a
// reloaded instance keeps counting where the previous one stopped. Registration takes a lock;
// adding does not: counters live in a fixed array published by an atomic count.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace apiary {

class PluginMetrics {
 public:
  struct Counter {
    std::string name, help, instance;
    std::atomic<double> value{0};
  };

  // 0 for an invalid name.
  uint64_t registerCounter(const std::string& instance, const std::string& name,
                           const std::string& help);
  void add(uint64_t id, double delta);
  // A consistent copy for the exporter: name, help, instance, value.
  struct Sample {
    std::string name, help, instance;
    double value;
  };
  std::vector<Sample> snapshot() const;

  static bool validName(const std::string& name);

 private:
  static constexpr size_t kCapacity = 1024;
  mutable std::mutex mutex_;  // serialises registration
  std::unique_ptr<Counter[]> counters_ = std::make_unique<Counter[]>(kCapacity);
  std::atomic<size_t> count_{0};  // ids are index + 1
};

}  // namespace apiary
