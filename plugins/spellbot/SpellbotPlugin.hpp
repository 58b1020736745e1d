// The spellbot plugin: SpellBot's web API (seed API.md + upstream v21.8.0 behaviour) on apiary.
// Owns the route classes and wires them to the host's services; see README.md.
#pragma once

#include "DiscordNotifier.hpp"
#include "GameApi.hpp"
#include "GamePages.hpp"
#include "GuildLogos.hpp"
#include "QueueRoutes.hpp"
#include "SpellbotSettings.hpp"
#include "StatusRoutes.hpp"

#include <apiary/apiary.hpp>

#include <memory>

namespace spellbot {

class SpellbotPlugin : public apiary::Plugin {
 public:
  static constexpr const char* kName = "spellbot";
  static constexpr const char* kVersion = "1.0.0";

  void configure(const apiary::ConfigReader& config) override;
  void routes(apiary::Router& router) override;
  std::vector<apiary::Migration> migrations() const override;
  void start() override;
  void stop() override;
  apiary::Response formatError(int status, std::string_view message,
                               const apiary::Request& request) const override;

  const SpellbotSettings& settings() const { return settings_; }

 private:
  SpellbotSettings settings_;
  std::unique_ptr<GuildLogos> logos_;
  std::unique_ptr<DiscordNotifier> notifier_;
  std::unique_ptr<StatusRoutes> status_;
  std::unique_ptr<QueueRoutes> queues_;
  std::unique_ptr<GamePages> pages_;
  std::unique_ptr<GameApi> api_;
};

}  // namespace spellbot
