#include "SpectrumCommand.hpp"

#include "Patterns.hpp"
#include "Timestamps.hpp"

namespace spectrum {
namespace {

int usageError(const apiary::CommandOutput& out, const std::string& why) {
  out.err(why + "\n" + SpectrumCommand::usage());
  return 2;
}

}  // namespace

std::string SpectrumCommand::usage() {
  return "usage:\n"
         "  project create --name NAME [--profile JSON]   prints the id and the secret (once)\n"
         "  project list\n"
         "  project show PROJECT_ID\n"
         "  project regenerate-secret PROJECT_ID           the old secret fails at once\n"
         "  pool add dedicated|shared E164...              numbers for lines / shared users\n"
         "  pool list\n"
         "  pool remove E164\n"
         "  line add-number E164...                        same as: pool add dedicated\n"
         "  event emit PROJECT_ID EVENT [PAYLOAD_JSON]     queue an event for the webhooks\n";
}

int SpectrumCommand::run(const std::vector<std::string>& args,
                         const apiary::CommandOutput& out) const {
  if (args.empty()) return usageError(out, "missing command");
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "project") return project(rest, out);
  if (args[0] == "pool") return pool(rest, out);
  if (args[0] == "line" && !rest.empty() && rest[0] == "add-number")
    return addNumbers("dedicated", {rest.begin() + 1, rest.end()}, out);
  if (args[0] == "event") return event(rest, out);
  if (args[0] == "help" || args[0] == "--help") return out.out(usage()), 0;
  return usageError(out, "unknown command: " + args[0]);
}

int SpectrumCommand::project(const std::vector<std::string>& args,
                             const apiary::CommandOutput& out) const {
  if (args.empty()) return usageError(out, "missing project command");
  if (args[0] == "create") {
    std::string name;
    Json profile = Json::object();
    for (size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "--name" && i + 1 < args.size()) {
        name = args[++i];
      } else if (args[i] == "--profile" && i + 1 < args.size()) {
        profile = Json::parse(args[++i], nullptr, false);
        if (!profile.is_object()) return usageError(out, "--profile must be a JSON object");
      } else {
        return usageError(out, "unexpected argument: " + args[i]);
      }
    }
    if (name.empty() || name.size() > 256)
      return usageError(out, "--name NAME is required (1-256 bytes)");
    const CreatedProject created = credentials_.create(name, profile);
    out.out("project created: " + created.project.name + " (" + created.project.slug + ")\n");
    out.out("id: " + created.project.id + "\n");
    out.out("secret: " + created.secret + "\n");
    out.out("The secret is shown only now; clients send it as the Basic auth password.\n");
    return 0;
  }
  if (args[0] == "list" && args.size() == 1) {
    for (const auto& p : projects_.list())
      out.out(p.id + "\t" + p.slug + "\t" + Timestamps::iso(p.createdMs) + "\t" + p.name + "\n");
    return 0;
  }
  if ((args[0] == "show" || args[0] == "regenerate-secret") && args.size() == 2) {
    const auto p = Patterns::isUuid(args[1]) ? projects_.find(args[1]) : std::nullopt;
    if (!p) {
      out.err("no project " + args[1] + "\n");
      return 1;
    }
    if (args[0] == "show") {
      out.out(p->toJson().dump(2) + "\n");
      return 0;
    }
    out.out("id: " + p->id + "\nsecret: " + credentials_.regenerate(*p) + "\n");
    out.out("The previous secret no longer works.\n");
    return 0;
  }
  return usageError(out, "unknown project command: " + args[0]);
}

int SpectrumCommand::pool(const std::vector<std::string>& args,
                          const apiary::CommandOutput& out) const {
  if (args.empty()) return usageError(out, "missing pool command");
  if (args[0] == "add" && args.size() >= 3 && (args[1] == "dedicated" || args[1] == "shared"))
    return addNumbers(args[1], {args.begin() + 2, args.end()}, out);
  if (args[0] == "list" && args.size() == 1) {
    for (const auto& n : lines_.pool()) {
      std::string use = n.kind == "dedicated"
                            ? (n.projectId.empty() ? "free" : "line of " + n.projectId)
                            : std::to_string(n.users) + " shared user(s)";
      out.out(n.phoneNumber + "\t" + n.kind + "\t" + use + "\n");
    }
    return 0;
  }
  if (args[0] == "remove" && args.size() == 2) {
    switch (lines_.removeNumber(args[1])) {
      case 0: out.out("removed " + args[1] + "\n"); return 0;
      case 2: out.err(args[1] + " is held by an active line; delete the line first\n"); return 1;
      default: out.err("no pool number " + args[1] + "\n"); return 1;
    }
  }
  return usageError(out, "unknown pool command: " + args[0]);
}

int SpectrumCommand::addNumbers(const std::string& kind, const std::vector<std::string>& numbers,
                                const apiary::CommandOutput& out) const {
  if (numbers.empty()) return usageError(out, "give at least one E.164 number");
  for (const auto& n : numbers)
    if (!Patterns::isE164(n)) return usageError(out, n + " is not an E.164 number (+14155550123)");
  for (const auto& n : numbers)
    out.out((lines_.addNumber(n, kind) ? "added " : "already in the pool: ") + n + " (" + kind +
            ")\n");
  return 0;
}

int SpectrumCommand::event(const std::vector<std::string>& args,
                           const apiary::CommandOutput& out) const {
  if (args.size() < 3 || args.size() > 4 || args[0] != "emit")
    return usageError(out, "usage: event emit PROJECT_ID EVENT [PAYLOAD_JSON]");
  if (!Patterns::isUuid(args[1]) || !projects_.find(args[1])) {
    out.err("no project " + args[1] + "\n");
    return 1;
  }
  Json payload = Json::object();
  if (args.size() == 4) {
    payload = Json::parse(args[3], nullptr, false);
    if (!payload.is_object()) return usageError(out, "PAYLOAD_JSON must be a JSON object");
  }
  const auto ids = events_.emit(args[1], args[2], payload);
  out.out("queued " + std::to_string(ids.size()) + " delivery(ies)\n");
  for (const auto& id : ids) out.out(id + "\n");
  return 0;
}

}  // namespace spectrum
