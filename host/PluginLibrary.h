// A plugin shared library that passed the ABI handshake. Libraries are never unloaded (unloading
// C++ code is a known crash source, boostorg/dll#68): the process exit reclaims them.
#pragma once

#include <apiary/abi.h>

#include <cstddef>
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
  // Optional callbacks that a plugin built for an older minor does not have: read only fields
  // inside the descriptor's own size.
  decltype(apiary_plugin_descriptor::run_command) runCommand() const {
    return has(offsetof(apiary_plugin_descriptor, run_command)) ? descriptor_->run_command
                                                                 : nullptr;
  }
  decltype(apiary_plugin_descriptor::authenticate) authenticate() const {
    return (descriptor_->kind & APIARY_KIND_AUTHENTICATOR) &&
                   has(offsetof(apiary_plugin_descriptor, authenticate))
               ? descriptor_->authenticate
               : nullptr;
  }
  std::string abi() const {
    return std::to_string(descriptor_->abi_major) + "." + std::to_string(descriptor_->abi_minor);
  }

 private:
  bool has(size_t fieldOffset) const {
    return descriptor_->struct_size >= fieldOffset + sizeof(void*);
  }

  std::string path_;
  const apiary_plugin_descriptor* descriptor_;
};

}  // namespace apiary
