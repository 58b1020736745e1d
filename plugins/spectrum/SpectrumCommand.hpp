// Operator commands: `apiary [--config F] <instance> <command...>` (README.md has the list).
// Projects exist only through here (there is no dashboard); secrets are printed once.
#pragma once

#include "EventEmitter.hpp"
#include "LineStore.hpp"
#include "ProjectCredentials.hpp"

#include <apiary/plugin.hpp>

#include <string>
#include <vector>

namespace spectrum {

class SpectrumCommand {
 public:
  SpectrumCommand(const ProjectStore& projects, const ProjectCredentials& credentials,
                  const LineStore& lines, const EventEmitter& events)
      : projects_(projects), credentials_(credentials), lines_(lines), events_(events) {}

  int run(const std::vector<std::string>& args, const apiary::CommandOutput& out) const;
  static std::string usage();

 private:
  int project(const std::vector<std::string>& args, const apiary::CommandOutput& out) const;
  int pool(const std::vector<std::string>& args, const apiary::CommandOutput& out) const;
  int addNumbers(const std::string& kind, const std::vector<std::string>& numbers,
                 const apiary::CommandOutput& out) const;
  int event(const std::vector<std::string>& args, const apiary::CommandOutput& out) const;

  const ProjectStore& projects_;
  const ProjectCredentials& credentials_;
  const LineStore& lines_;
  const EventEmitter& events_;
};

}  // namespace spectrum
