#include "PostgresDriver.h"

#include "StorageError.h"

#include <apiary/abi.h>

#include <boost/dll/shared_library.hpp>

#include <cstdlib>
#include <filesystem>
#include <mutex>

namespace apiary {
namespace {

constexpr const char* kModuleName = "libapiary-postgresql.so";

std::vector<std::filesystem::path> candidates() {
  std::vector<std::filesystem::path> paths;
  // Set, it is the only place looked at (tests, and operators with a module elsewhere).
  if (const char* path = std::getenv("APIARY_POSTGRES_MODULE"); path != nullptr && *path != '\0')
    return {path};
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    paths.push_back(exe.parent_path() / kModuleName);
    paths.push_back(exe.parent_path().parent_path() / "lib" / "apiary" / kModuleName);
  }
  return paths;
}

const PostgresDriver* loadModule() {
  std::string tried;
  for (const auto& path : candidates()) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      tried += (tried.empty() ? "" : ", ") + path.string();
      continue;
    }
    // Never unloaded: connections, exceptions and the connector registered with Poco Data
    // point into it until the process ends.
    static auto* library = new boost::dll::shared_library();
    boost::dll::fs::error_code loadError;
    library->load(path.string(), boost::dll::load_mode::rtld_now, loadError);
    if (loadError)
      throw StorageError(APIARY_DB_UNAVAILABLE,
                         "PostgreSQL support (" + path.string() + "): " + loadError.message());
    if (!library->has("apiary_postgres_driver"))
      throw StorageError(APIARY_DB_UNAVAILABLE,
                         "PostgreSQL support (" + path.string() + "): not an apiary module");
    return library->get<const PostgresDriver*()>("apiary_postgres_driver")();
  }
  throw StorageError(APIARY_DB_UNAVAILABLE, std::string("PostgreSQL support is not installed (") +
                                                kModuleName + " not found: " + tried + ")");
}

}  // namespace

const PostgresDriver& PostgresDriver::load() {
  static std::mutex mutex;
  static const PostgresDriver* driver = nullptr;
  const std::lock_guard lock(mutex);
  if (driver == nullptr) driver = loadModule();
  return *driver;
}

}  // namespace apiary
