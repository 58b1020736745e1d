#include "PluginMetrics.h"

namespace apiary {

bool PluginMetrics::validName(const std::string& name) {
  if (name.empty() || name.size() > 200 || name.size() < 7 ||
      name.compare(name.size() - 6, 6, "_total") != 0)
    return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

uint64_t PluginMetrics::registerCounter(const std::string& instance, const std::string& name,
                                        const std::string& help) {
  if (!validName(name)) return 0;
  std::lock_guard lock(mutex_);
  const size_t n = count_.load(std::memory_order_relaxed);
  for (size_t i = 0; i < n; ++i)
    if (counters_[i].name == name && counters_[i].instance == instance) return i + 1;
  if (n == kCapacity) return 0;
  Counter& c = counters_[n];
  c.name = name;
  c.help = help;
  c.instance = instance;
  count_.store(n + 1, std::memory_order_release);  // publishes the fields written above
  return n + 1;
}

void PluginMetrics::add(uint64_t id, double delta) {
  if (!(delta >= 0)) return;  // counters only go up; NaN refused too
  if (id == 0 || id > count_.load(std::memory_order_acquire)) return;
  counters_[id - 1].value.fetch_add(delta, std::memory_order_relaxed);
}

std::vector<PluginMetrics::Sample> PluginMetrics::snapshot() const {
  std::vector<Sample> out;
  const size_t n = count_.load(std::memory_order_acquire);
  for (size_t i = 0; i < n; ++i)
    out.push_back({counters_[i].name, counters_[i].help, counters_[i].instance,
                   counters_[i].value.load(std::memory_order_relaxed)});
  return out;
}

}  // namespace apiary
