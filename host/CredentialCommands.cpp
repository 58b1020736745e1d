#include "CredentialCommands.h"

#include "StorageError.h"

#include <apiary/abi.h>
#include <apiary/password_hash.hpp>

#include <iostream>
#include <map>
#include <sstream>

namespace apiary {
namespace {

// --flag value pairs and positional words.
struct Parsed {
  std::map<std::string, std::string> flags;
  std::vector<std::string> words;
  std::string error;
};

Parsed parse(const std::vector<std::string>& args, size_t from,
             const std::vector<std::string>& known) {
  Parsed p;
  for (size_t i = from; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) == 0) {
      bool ok = false;
      for (const auto& k : known) ok |= a == "--" + k;
      if (!ok) {
        p.error = "unknown option " + a;
        return p;
      }
      if (i + 1 >= args.size()) {
        p.error = a + " needs a value";
        return p;
      }
      p.flags[a.substr(2)] = args[++i];
    } else {
      p.words.push_back(a);
    }
  }
  return p;
}

std::vector<std::string> splitList(const std::string& csv) {
  std::vector<std::string> out;
  std::stringstream in(csv);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

const char* kindName(int32_t kind) { return kind == APIARY_CREDENTIAL_TOKEN ? "token" : "password"; }

}  // namespace

int CredentialCommands::usage(const std::string& why) {
  err_ << "apiary: " << why << "\n"
       << "usage: apiary token create --realm R [--scopes a,b] [--note TEXT]\n"
          "       apiary token list [--realm R] | revoke --realm R ID | rotate --realm R ID\n"
          "       apiary user add|passwd|remove --realm R NAME [--scopes a,b]\n"
          "       apiary user hash   (password on standard input)\n";
  return 2;
}

std::string CredentialCommands::readPassword() {
  // One line from standard input (a pipe or a terminal); never from the command line, which
  // other users can read in the process list.
  std::string password;
  std::getline(in_, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

int CredentialCommands::run(const std::vector<std::string>& args) {
  try {
    if (args.at(0) == "token") return token(args);
    return user(args);
  } catch (const StorageError& e) {
    err_ << "apiary: " << e.what() << "\n";
    return 1;
  }
}

int CredentialCommands::token(const std::vector<std::string>& args) {
  if (args.size() < 2) return usage("token needs a subcommand");
  const Parsed p = parse(args, 2, {"realm", "scopes", "note"});
  if (!p.error.empty()) return usage(p.error);
  const std::string& verb = args[1];
  const std::string realm = p.flags.count("realm") ? p.flags.at("realm") : "";
  auto idArg = [&](int64_t& id) {
    if (p.words.size() != 1 || realm.empty()) return false;
    try {
      size_t used = 0;
      id = std::stoll(p.words[0], &used);
      return used == p.words[0].size() && id > 0;
    } catch (...) {
      return false;
    }
  };
  if (verb == "create") {
    if (realm.empty() || !p.words.empty()) return usage("token create needs --realm and no words");
    const auto issued = store_.issue(realm, "", APIARY_CREDENTIAL_TOKEN,
                                     splitList(p.flags.count("scopes") ? p.flags.at("scopes") : "*"),
                                     p.flags.count("note") ? p.flags.at("note") : "", "");
    out_ << "id: " << issued.id << "\nsecret: " << issued.secret
         << "\n(the secret is shown once; it is stored only as a hash)\n";
    return 0;
  }
  if (verb == "list") {
    out_ << "id\trealm\tsubject\tkind\tscopes\tstatus\tnote\n";
    for (const auto& c : store_.list(realm))
      out_ << c.id << "\t" << c.realm << "\t" << (c.subject.empty() ? "-" : c.subject) << "\t"
           << kindName(c.kind) << "\t" << c.scopes << "\t"
           << (c.revokedMs ? "revoked" : "active") << "\t" << c.note << "\n";
    return 0;
  }
  int64_t id = 0;
  if (verb == "revoke") {
    if (!idArg(id)) return usage("token revoke needs --realm and one numeric ID");
    store_.revoke(realm, id);
    out_ << "revoked " << id << "\n";
    return 0;
  }
  if (verb == "rotate") {
    if (!idArg(id)) return usage("token rotate needs --realm and one numeric ID");
    out_ << "secret: " << store_.rotate(realm, id, "") << "\n(the old secret no longer works)\n";
    return 0;
  }
  return usage("unknown token subcommand '" + verb + "'");
}

int CredentialCommands::user(const std::vector<std::string>& args) {
  if (args.size() < 2) return usage("user needs a subcommand");
  const std::string& verb = args[1];
  if (verb == "hash") {
    const std::string password = readPassword();
    if (password.empty()) return usage("no password on standard input");
    out_ << password_hash::hashPassword(password, iterations_) << "\n";
    return 0;
  }
  const Parsed p = parse(args, 2, {"realm", "scopes"});
  if (!p.error.empty()) return usage(p.error);
  const std::string realm = p.flags.count("realm") ? p.flags.at("realm") : "";
  if (realm.empty() || p.words.size() != 1) return usage("user " + verb + " needs --realm and NAME");
  const std::string& name = p.words[0];
  int64_t existing = 0;
  for (const auto& c : store_.list(realm))
    if (c.subject == name && c.kind == APIARY_CREDENTIAL_PASSWORD && c.revokedMs == 0) existing = c.id;
  if (verb == "add") {
    if (existing != 0) {
      err_ << "apiary: user " << name << " exists in realm " << realm << " (use passwd)\n";
      return 1;
    }
    const std::string password = readPassword();
    if (password.empty()) return usage("no password on standard input");
    const auto issued =
        store_.issue(realm, name, APIARY_CREDENTIAL_PASSWORD,
                     splitList(p.flags.count("scopes") ? p.flags.at("scopes") : ""), "", password);
    out_ << "added user " << name << " (id " << issued.id << ")\n";
    return 0;
  }
  if (existing == 0) {
    err_ << "apiary: no user " << name << " in realm " << realm << "\n";
    return 1;
  }
  if (verb == "passwd") {
    const std::string password = readPassword();
    if (password.empty()) return usage("no password on standard input");
    store_.rotate(realm, existing, password);
    out_ << "changed the password of " << name << "\n";
    return 0;
  }
  if (verb == "remove") {
    store_.revoke(realm, existing);
    out_ << "removed user " << name << "\n";
    return 0;
  }
  return usage("unknown user subcommand '" + verb + "'");
}

}  // namespace apiary
