// Loads plugin shared libraries with Boost.DLL (C entry symbol only, RTLD_NOW | RTLD_LOCAL) and
// applies the ABI accept rule. A library loaded once is reused for every instance that names it.
#pragma once

#include "PluginLibrary.h"

#include <map>
#include <memory>
#include <string>

namespace apiary {

class PluginLoader {
 public:
  explicit PluginLoader(const apiary_host_info* hostInfo) : hostInfo_(hostInfo) {}

  // Throws PluginRefused with the reason (file not found, not a shared library, no entry
  // symbol, wrong magic, other major, newer minor, descriptor too small, ...).
  std::shared_ptr<const PluginLibrary> load(const std::string& path);

  // The accept rule alone, for the ABI tests. Returns an empty string when accepted.
  static std::string checkDescriptor(const apiary_plugin_descriptor* d);

 private:
  const apiary_host_info* hostInfo_;
  std::map<std::string, std::shared_ptr<const PluginLibrary>> loaded_;
};

}  // namespace apiary
