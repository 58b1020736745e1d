// Plugin-defined counters, exported on the admin listener's /metrics with the label
// plugin="<instance>" (ABI 1.4). Adding is lock-free and safe from any thread.
//
//   apiary::Counter previews = counter("spectra_previews_created_total", "Previews created.");
//   previews.add();
#pragma once

#include <apiary/host_api.hpp>

namespace apiary {

class Counter {
 public:
  Counter() = default;  // a counter that counts nothing (no host, or a refused name)
  Counter(apiary_plugin_ctx* ctx, std::string_view name, std::string_view help)
      : ctx_(ctx),
        id_(detail::hostApi != nullptr && host().struct_size >= sizeof(apiary_host_api)
                ? host().metric_counter(ctx, toStr(name), toStr(help))
                : 0) {}

  void add(double delta = 1) const {
    if (id_ != 0) host().metric_counter_add(ctx_, id_, delta);
  }
  bool valid() const { return id_ != 0; }

 private:
  apiary_plugin_ctx* ctx_ = nullptr;
  uint64_t id_ = 0;
};

}  // namespace apiary
