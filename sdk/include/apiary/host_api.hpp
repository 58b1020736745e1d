// Access to the host function table from inside a plugin. Header-only; compiled into each plugin.
#pragma once

#include <apiary/abi.h>

#include <string>
#include <string_view>

namespace apiary {

namespace detail {
// The host's function table, set by the entry function. Each plugin is a separate shared object
// built with hidden visibility, so every plugin has its own copy of this variable.
inline const apiary_host_api* hostApi = nullptr;
}  // namespace detail

// The host function table. Valid after the host called the plugin's entry function.
inline const apiary_host_api& host() { return *detail::hostApi; }

inline std::string_view toView(apiary_str s) {
  return s.data == nullptr ? std::string_view{} : std::string_view{s.data, s.size};
}

inline apiary_str toStr(std::string_view s) { return apiary_str{s.data(), s.size()}; }

namespace detail {

// An error sink owned by the plugin, for calls that report a reason.
class ErrorBuffer {
 public:
  ErrorBuffer() : raw_(host().error_create()) {}
  ~ErrorBuffer() { host().error_destroy(raw_); }
  ErrorBuffer(const ErrorBuffer&) = delete;
  ErrorBuffer& operator=(const ErrorBuffer&) = delete;
  apiary_error* get() { return raw_; }
  std::string message() const { return std::string(toView(host().error_message(raw_))); }

 private:
  apiary_error* raw_;
};

}  // namespace detail

}  // namespace apiary
