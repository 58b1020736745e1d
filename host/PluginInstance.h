// One configured instance of a plugin library (the ABI's apiary_plugin_ctx): runs the
// lifecycle callbacks on the main thread and renders host-made errors in the plugin's envelope.
#pragma once

#include "HostConfig.h"
#include "HostServices.h"
#include "PluginLibrary.h"

#include <memory>
#include <string>

namespace apiary {

class AuthResultData;
class HostRequest;
class SqlDatabase;
class HostResponse;
class Mount;

class PluginInstance {
 public:
  PluginInstance(std::shared_ptr<const PluginLibrary> library, PluginEntryConfig config,
                 const HostServices* services = nullptr);
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  const std::string& name() const { return config_.name; }
  const PluginEntryConfig& config() const { return config_; }
  const PluginLibrary& library() const { return *library_; }
  void* handle() const { return handle_; }
  const HostServices& services() const { return *services_; }
  // The instance's database (its own file if configured, else the shared one), opened on
  // first use. Throws StorageError.
  SqlDatabase& database() const;

  // Each throws PluginRefused with the plugin's own message (config errors with JSON paths).
  void validateConfig() const;
  void create();
  void registerRoutes(Mount& mount);
  void start();
  // Safe to call when not started; idempotent.
  void stop();

  // Renders status + message into response through the plugin's format_error. Returns false
  // when the plugin has none or it failed; the caller then uses the host's envelope.
  bool formatError(int status, const std::string& message, const HostRequest& request,
                   HostResponse& response) const;

  bool isAuthenticator() const { return library_->authenticate() != nullptr; }
  // Calls the plugin's authenticate; an APIARY_AUTH_* outcome.
  int32_t authenticate(const HostRequest& request, AuthResultData& result) const;

 private:
  std::shared_ptr<const PluginLibrary> library_;
  PluginEntryConfig config_;
  const HostServices* services_;
  void* handle_ = nullptr;
  bool started_ = false;
};

}  // namespace apiary
