// A leveled logger tagged with the plugin instance's name; lines go to the host's log.
#pragma once

#include <apiary/host_api.hpp>

namespace apiary {

class Logger {
 public:
  explicit Logger(const apiary_plugin_ctx* ctx = nullptr) : ctx_(ctx) {}

  void trace(std::string_view msg) const { write(APIARY_LOG_TRACE, msg); }
  void debug(std::string_view msg) const { write(APIARY_LOG_DEBUG, msg); }
  void info(std::string_view msg) const { write(APIARY_LOG_INFO, msg); }
  void warning(std::string_view msg) const { write(APIARY_LOG_WARNING, msg); }
  void error(std::string_view msg) const { write(APIARY_LOG_ERROR, msg); }

  void write(int32_t level, std::string_view msg) const {
    if (detail::hostApi != nullptr) host().log(ctx_, level, toStr(msg));
  }

 private:
  const apiary_plugin_ctx* ctx_;
};

}  // namespace apiary
