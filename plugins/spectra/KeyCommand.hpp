// `apiary spectra key ...`: the operator's access keys.
//
//   key create --org-name NAME [--org-id ID] [--supporter]   prints the key once
//   key list                                                 id, organisation, supporter, state
//   key revoke ID                                            the key stops working at once
#pragma once

#include "KeyStore.hpp"

#include <apiary/clock.hpp>
#include <apiary/plugin.hpp>

#include <string>
#include <vector>

namespace spectra {

class KeyCommand {
 public:
  KeyCommand(KeyStore keys, apiary::Clock clock) : keys_(keys), clock_(clock) {}

  // Exit code: 0 success, 1 failure, 2 usage error.
  int run(const std::vector<std::string>& args, const apiary::CommandOutput& out) const;

  static const char* usage();

 private:
  int create(const std::vector<std::string>& args, const apiary::CommandOutput& out) const;
  int list(const apiary::CommandOutput& out) const;
  int revoke(const std::vector<std::string>& args, const apiary::CommandOutput& out) const;

  KeyStore keys_;
  apiary::Clock clock_;
};

}  // namespace spectra
