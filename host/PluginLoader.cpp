#include "PluginLoader.h"

#include "PluginRefused.h"

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace apiary {
namespace {

// The minimum descriptor size for each minor version this host knows (the accept rule).
size_t minimumDescriptorSize(uint16_t minor) {
  switch (minor) {
    case 0: return APIARY_DESCRIPTOR_MIN_SIZE_1_0;
    case 1: return APIARY_DESCRIPTOR_MIN_SIZE_1_1;
    case 2: return APIARY_DESCRIPTOR_MIN_SIZE_1_2;
    default: return APIARY_DESCRIPTOR_MIN_SIZE_1_3;  // 1.4 added host slots only
  }
}

}  // namespace

std::string PluginLoader::checkDescriptor(const apiary_plugin_descriptor* d) {
  if (d == nullptr) return "entry function returned no descriptor";
  if (d->magic != APIARY_ABI_MAGIC) return "wrong magic (not an apiary plugin descriptor)";
  if (d->abi_major != APIARY_ABI_MAJOR)
    return "ABI major " + std::to_string(d->abi_major) + " is not the host's " +
           std::to_string(APIARY_ABI_MAJOR);
  if (d->abi_minor > APIARY_ABI_MINOR)
    return "ABI " + std::to_string(d->abi_major) + "." + std::to_string(d->abi_minor) +
           " is newer than the host's " + std::to_string(APIARY_ABI_MAJOR) + "." +
           std::to_string(APIARY_ABI_MINOR) + " (upgrade apiary)";
  if (d->struct_size < minimumDescriptorSize(d->abi_minor))
    return "descriptor size " + std::to_string(d->struct_size) + " is below the minimum " +
           std::to_string(minimumDescriptorSize(d->abi_minor)) + " for ABI minor " +
           std::to_string(d->abi_minor);
  if (d->name == nullptr || d->version == nullptr || d->name[0] == '\0')
    return "descriptor has no name or version";
  if ((d->kind & APIARY_KIND_AUTHENTICATOR) &&
      (d->abi_minor < 3 || d->struct_size < APIARY_DESCRIPTOR_MIN_SIZE_1_3 ||
       d->authenticate == nullptr))
    return "authenticator descriptor lacks authenticate (needs ABI 1.3)";
  if ((d->kind & (APIARY_KIND_ROUTES | APIARY_KIND_AUTHENTICATOR)) == 0)
    return "descriptor declares no known kind";
  if ((d->kind & (APIARY_KIND_ROUTES | APIARY_KIND_AUTHENTICATOR)) &&
      (d->validate_config == nullptr || d->create == nullptr || d->register_routes == nullptr ||
       d->start == nullptr || d->stop == nullptr || d->destroy == nullptr))
    return "descriptor lacks a required callback";
  return {};
}

namespace {

// Every library loaded, for the life of the process: a plugin library is never unloaded
// (dlclose while a plugin's thread, timer or static destructor may still run its code is a
// crash). The list itself is never destroyed, and stays reachable, so leak checkers (LSan in
// the sanitizer build) do not report the handles as leaked.
std::vector<const boost::dll::shared_library*>& residentLibraries() {
  static auto* libraries = new std::vector<const boost::dll::shared_library*>();
  return *libraries;
}

std::mutex& residentMutex() {
  static std::mutex mutex;
  return mutex;
}

const boost::dll::shared_library* keepMapped(std::unique_ptr<boost::dll::shared_library> library) {
  std::lock_guard lock(residentMutex());
  residentLibraries().push_back(library.release());
  return residentLibraries().back();
}

}  // namespace

std::shared_ptr<const PluginLibrary> PluginLoader::load(const std::string& path) {
  if (auto it = loaded_.find(path); it != loaded_.end()) return it->second;

  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw PluginRefused("file not found");
  if (!std::filesystem::is_regular_file(path, ec)) throw PluginRefused("not a regular file");

  auto library = std::make_unique<boost::dll::shared_library>();
  boost::dll::fs::error_code loadError;
  library->load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
                loadError);
  if (loadError) throw PluginRefused("not a loadable shared library: " + loadError.message());
  const boost::dll::shared_library* mapped = keepMapped(std::move(library));
  if (!mapped->has(APIARY_PLUGIN_ENTRY_SYMBOL))
    throw PluginRefused(std::string("no entry symbol ") + APIARY_PLUGIN_ENTRY_SYMBOL +
                        " (not an apiary plugin, or built for another ABI major)");
  auto entry = mapped->get<const apiary_plugin_descriptor*(const apiary_host_info*)>(
      APIARY_PLUGIN_ENTRY_SYMBOL);
  const apiary_plugin_descriptor* descriptor = entry(hostInfo_);
  if (std::string why = checkDescriptor(descriptor); !why.empty()) throw PluginRefused(why);

  auto loaded = std::make_shared<const PluginLibrary>(path, descriptor);
  loaded_[path] = loaded;
  return loaded;
}

}  // namespace apiary
