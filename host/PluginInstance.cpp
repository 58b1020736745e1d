#include "PluginInstance.h"

#include "AuthResultData.h"
#include "ErrorSink.h"
#include "HostApi.h"
#include "HostRequest.h"
#include "HostResponse.h"
#include "Mount.h"
#include "PluginRefused.h"
#include "StorageError.h"
#include "StorageRegistry.h"
#include "TimerService.h"
#include "WebSocketHub.h"

#include <Poco/Logger.h>

namespace apiary {
namespace {

apiary_str str(const std::string& s) {
  return apiary_str{s.data(), s.size()};
}

}  // namespace

PluginInstance::PluginInstance(std::shared_ptr<const PluginLibrary> library,
                               PluginEntryConfig config, const HostServices* services)
    : library_(std::move(library)), config_(std::move(config)), services_(services) {
  static const HostServices none;
  if (services_ == nullptr) services_ = &none;
  // A level of its own for this instance's log lines ("plugin.<name>"), e.g. debug for one.
  if (!config_.logLevel.empty())
    Poco::Logger::get("plugin." + config_.name).setLevel(config_.logLevel);
}

SqlDatabase& PluginInstance::database() const {
  if (services_->storage == nullptr)
    throw StorageError(APIARY_DB_UNAVAILABLE, "storage is not available in this host");
  return services_->storage->open(config_.database);
}

PluginInstance::~PluginInstance() {
  stop();
  if (handle_ != nullptr) library_->descriptor().destroy(handle_);
}

void PluginInstance::validateConfig() const {
  ErrorSink errors;
  const int32_t rc =
      library_->descriptor().validate_config(str(config_.configJson), HostApi::toAbi(&errors));
  if (rc != APIARY_OK || !errors.empty())
    throw PluginRefused("config rejected: " +
                        errors.describe("/plugins/" + config_.name + "/config", "invalid config"));
}

void PluginInstance::create() {
  ErrorSink errors;
  handle_ = library_->descriptor().create(HostApi::toAbi(this), str(config_.configJson),
                                          HostApi::toAbi(&errors));
  if (handle_ == nullptr)
    throw PluginRefused("create failed: " + errors.describe("/plugins/" + config_.name + "/config",
                                                            "plugin returned no instance"));
}

void PluginInstance::registerRoutes(Mount& mount) {
  ErrorSink errors;
  const int32_t rc = library_->descriptor().register_routes(handle_, HostApi::toAbi(&mount),
                                                            HostApi::toAbi(&errors));
  for (const auto& why : mount.rejections()) errors.add("", why);
  if (rc != APIARY_OK || !errors.empty())
    throw PluginRefused("route registration failed: " + errors.describe("", "unknown error"));
}

void PluginInstance::start() {
  ErrorSink errors;
  if (library_->descriptor().start(handle_, HostApi::toAbi(&errors)) != APIARY_OK)
    throw PluginRefused("start failed: " + errors.describe("", "plugin gave no reason"));
  started_ = true;
}

void PluginInstance::stop() {
  // Timers first: after this no timer callback of the instance runs, so stop may free what
  // they use. Also for an instance whose start failed after it created timers.
  if (services_->timers != nullptr) services_->timers->cancelAll(this);
  // Then its WebSockets (1001): every on_close has run before the plugin's stop.
  WebSocketHub::shared().closeAll(this);
  if (!started_) return;
  started_ = false;
  library_->descriptor().stop(handle_);
}

int32_t PluginInstance::authenticate(const HostRequest& request, AuthResultData& result) const {
  const auto fn = library_->authenticate();
  if (fn == nullptr || handle_ == nullptr) return APIARY_AUTH_ERROR;
  const int32_t outcome = fn(handle_, HostApi::toAbi(&request), HostApi::toAbi(&result));
  return outcome >= APIARY_AUTH_NO_CREDENTIALS && outcome <= APIARY_AUTH_ERROR ? outcome
                                                                               : APIARY_AUTH_ERROR;
}

bool PluginInstance::formatError(int status, const std::string& message, const HostRequest& request,
                                 HostResponse& response) const {
  const auto format = library_->descriptor().format_error;
  if (format == nullptr || handle_ == nullptr) return false;
  response.reset(status);
  if (format(handle_, status, str(message), HostApi::toAbi(&request), HostApi::toAbi(&response)) !=
      APIARY_OK) {
    response.reset(status);
    return false;
  }
  return true;
}

}  // namespace apiary
