// The operator's credential commands, on the configured storage:
//   apiary token create --realm R [--scopes a,b] [--note TEXT]   prints id and secret once
//   apiary token list [--realm R]
//   apiary token revoke --realm R ID
//   apiary token rotate --realm R ID                              prints the new secret once
//   apiary user add --realm R NAME [--scopes a,b]                 password from standard input
//   apiary user passwd --realm R NAME                             password from standard input
//   apiary user remove --realm R NAME
//   apiary user hash                                              PBKDF2 hash for htpasswd files
#pragma once

#include "CredentialStore.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace apiary {

class CredentialCommands {
 public:
  CredentialCommands(CredentialStore& store, int pbkdf2Iterations, std::istream& in,
                     std::ostream& out, std::ostream& err)
      : store_(store), iterations_(pbkdf2Iterations), in_(in), out_(out), err_(err) {}

  // args[0] is "token" or "user". Returns the exit code (0, 1 failure, 2 usage).
  int run(const std::vector<std::string>& args);

 private:
  int token(const std::vector<std::string>& args);
  int user(const std::vector<std::string>& args);
  int usage(const std::string& why);
  std::string readPassword();

  CredentialStore& store_;
  int iterations_;
  std::istream& in_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace apiary
