// Reads the main config file and conf.d/*.json (merged in lexical order), rejects unknown keys
// with their JSON path, and produces a HostConfig. Plugin sections are left to the plugins.
#pragma once

#include "HostConfig.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace apiary {

class ConfigLoader {
 public:
  // Every problem found, each "file or path: message"; thrown as one exception.
  class Invalid : public std::runtime_error {
   public:
    explicit Invalid(const std::vector<std::string>& problems);
    const std::vector<std::string>& problems() const { return problems_; }

   private:
    std::vector<std::string> problems_;
  };

  // path: the main file. conf.d is the directory "conf.d" beside it (may be absent).
  // environmentInsecure: INSECURE=true forces plain HTTP on every listener (Spectra-Server).
  static HostConfig load(const std::string& path, bool environmentInsecure);
};

}  // namespace apiary
