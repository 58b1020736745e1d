#include "KeyCommand.hpp"

#include <cstdio>
#include <ctime>

namespace spectra {
namespace {

std::string utc(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

bool parseId(const std::string& text, int64_t& id) {
  if (text.empty() || text.size() > 18) return false;
  id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    id = id * 10 + (c - '0');
  }
  return id > 0;
}

}  // namespace

const char* KeyCommand::usage() {
  return "usage: apiary [--config F] <instance> key create --org-name NAME [--org-id ID] "
         "[--supporter]\n"
         "       apiary [--config F] <instance> key list\n"
         "       apiary [--config F] <instance> key revoke ID\n";
}

int KeyCommand::run(const std::vector<std::string>& args, const apiary::CommandOutput& out) const {
  if (args.size() >= 2 && args[0] == "key") {
    if (args[1] == "create") return create(args, out);
    if (args[1] == "list" && args.size() == 2) return list(out);
    if (args[1] == "revoke") return revoke(args, out);
  }
  out.err(usage());
  return 2;
}

int KeyCommand::create(const std::vector<std::string>& args,
                       const apiary::CommandOutput& out) const {
  std::string orgName, orgId;
  bool supporter = false, haveName = false;
  for (size_t i = 2; i < args.size(); ++i) {
    if (args[i] == "--supporter") {
      supporter = true;
    } else if ((args[i] == "--org-name" || args[i] == "--org-id") && i + 1 < args.size()) {
      (args[i] == "--org-name" ? orgName : orgId) = args[i + 1];
      haveName = haveName || args[i] == "--org-name";
      ++i;
    } else {
      out.err("unknown or incomplete option: " + args[i] + "\n" + usage());
      return 2;
    }
  }
  if (!haveName || orgName.empty()) {
    out.err(std::string("--org-name is required\n") + usage());
    return 2;
  }
  const KeyStore::Issued issued = keys_.issue(orgId, orgName, supporter, clock_.wallMs());
  out.out(issued.secret + "\n");
  out.err("key " + std::to_string(issued.key.id) + " for organisation " + issued.key.orgId + " (" +
          issued.key.orgName + ")" + (supporter ? ", supporter" : "") +
          ". It is shown only now: only its SHA-256 is stored.\n");
  return 0;
}

int KeyCommand::list(const apiary::CommandOutput& out) const {
  const std::vector<OrgKey> all = keys_.list();
  std::string text = "ID\tORG_ID\tORG_NAME\tSUPPORTER\tCREATED\tSTATE\n";
  for (const auto& k : all)
    text += std::to_string(k.id) + "\t" + k.orgId + "\t" + k.orgName + "\t" +
            (k.isSupporter ? "yes" : "no") + "\t" + utc(k.createdMs) + "\t" +
            (k.revokedMs != 0 ? "revoked " + utc(k.revokedMs) : std::string("active")) + "\n";
  out.out(text);
  return 0;
}

int KeyCommand::revoke(const std::vector<std::string>& args,
                       const apiary::CommandOutput& out) const {
  int64_t id = 0;
  if (args.size() != 3 || !parseId(args[2], id)) {
    out.err(usage());
    return 2;
  }
  if (!keys_.revoke(id, clock_.wallMs())) {
    out.err("no active key with id " + args[2] + "\n");
    return 1;
  }
  out.out("revoked key " + args[2] + "\n");
  return 0;
}

}  // namespace spectra
