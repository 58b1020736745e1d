// The spectrum plugin: Photon's Spectrum management API (projects, webhooks, platforms, lines,
// users) on apiary. Basic auth is the host's (auth-basic over the credential store); this class
// wires the stores, routes, delivery workers and operator commands together. See README.md.
#pragma once

#include "Billing.hpp"
#include "EventEmitter.hpp"
#include "LineRoutes.hpp"
#include "LineStore.hpp"
#include "PlatformRoutes.hpp"
#include "ProjectCredentials.hpp"
#include "ProjectGuard.hpp"
#include "ProjectRoutes.hpp"
#include "ProjectStore.hpp"
#include "SpectrumSettings.hpp"
#include "UserRoutes.hpp"
#include "UserStore.hpp"
#include "WebhookDelivery.hpp"
#include "WebhookRoutes.hpp"
#include "WebhookStore.hpp"

#include <apiary/apiary.hpp>

#include <memory>

namespace spectrum {

class SpectrumPlugin : public apiary::Plugin {
 public:
  static constexpr const char* kName = "spectrum";
  static constexpr const char* kVersion = "1.0.0";

  SpectrumPlugin();
  ~SpectrumPlugin() override;

  void configure(const apiary::ConfigReader& config) override;
  void routes(apiary::Router& router) override;
  std::vector<apiary::Migration> migrations() const override;
  void start() override;
  void stop() override;
  apiary::Response formatError(int status, std::string_view message,
                               const apiary::Request& request) const override;
  int command(const std::vector<std::string>& args, const apiary::CommandOutput& out) override;

 private:
  // The stores and services over the host's context; built on first use (routes() or command()).
  struct Services;
  Services& services();

  SpectrumSettings settings_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<ProjectGuard> guard_;
  std::unique_ptr<WebhookDelivery> delivery_;
  std::unique_ptr<ProjectRoutes> projectRoutes_;
  std::unique_ptr<WebhookRoutes> webhookRoutes_;
  std::unique_ptr<PlatformRoutes> platformRoutes_;
  std::unique_ptr<LineRoutes> lineRoutes_;
  std::unique_ptr<UserRoutes> userRoutes_;
};

}  // namespace spectrum
