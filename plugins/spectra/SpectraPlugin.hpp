// spectra: the Spectra-Server REST API (upstream ValoSpectra/Spectra-Server 0.3.4, port 5101):
// /status, /createPreview, /preview/{code}, /getOrgForKey, /getTeamInfoForCode, byte-compatible
// for existing clients, with state in the host's storage. See README.md.
#pragma once

#include "KeyRoutes.hpp"
#include "KeyStore.hpp"
#include "KeyValidator.hpp"
#include "MatchRoutes.hpp"
#include "MatchStore.hpp"
#include "PreviewRoutes.hpp"
#include "PreviewStore.hpp"
#include "SpectraConfig.hpp"

#include <apiary/apiary.hpp>

#include <memory>
#include <optional>

namespace spectra {

class SpectraPlugin : public apiary::Plugin {
 public:
  static constexpr const char* kName = "spectra";
  static constexpr const char* kVersion = "1.0.0";

  void configure(const apiary::ConfigReader& config) override;
  void routes(apiary::Router& router) override;
  std::vector<apiary::Migration> migrations() const override;
  void start() override;
  int command(const std::vector<std::string>& args, const apiary::CommandOutput& out) override;
  apiary::Response formatError(int status, std::string_view message,
                               const apiary::Request& request) const override;

  const SpectraConfig& settings() const { return config_; }

 private:
  void sweep() const;
  std::string describeKeyChain() const;

  SpectraConfig config_;
  // Built in routes(), when the host's services are reachable; read-only afterwards.
  std::optional<KeyStore> keys_;
  std::optional<PreviewStore> previews_;
  std::optional<MatchStore> matches_;
  std::optional<KeyValidator> validator_;
  std::optional<PreviewRoutes> previewRoutes_;
  std::optional<MatchRoutes> matchRoutes_;
  std::optional<KeyRoutes> keyRoutes_;
};

}  // namespace spectra
