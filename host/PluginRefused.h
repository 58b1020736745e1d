// Why a plugin could not be loaded, configured or started. The message is one line for the log.
#pragma once

#include <stdexcept>
#include <string>

namespace apiary {

class PluginRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace apiary
