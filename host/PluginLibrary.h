// A plugin shared library that passed the ABI handshake. Libraries are never unloaded (unloading
// C++ code is a known crash source, boostorg/dll#68): the process exit reclaims them.
#pragma once

#include <apiary/abi.h>

#include <string>

namespace apiary {

class PluginLibrary {
 public:
  PluginLibrary(std::string path, const apiary_plugin_descriptor* descriptor)
      : path_(std::move(path)), descriptor_(descriptor) {}

  const std::string& path() const { return path_; }
  const apiary_plugin_descriptor& descriptor() const { return *descriptor_; }
  std::string name() const { return descriptor_->name; }
  std::string version() const { return descriptor_->version; }
  std::string abi() const {
    return std::to_string(descriptor_->abi_major) + "." + std::to_string(descriptor_->abi_minor);
  }

 private:
  std::string path_;
  const apiary_plugin_descriptor* descriptor_;
};

}  // namespace apiary
