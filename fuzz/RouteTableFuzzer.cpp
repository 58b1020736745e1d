// The host's RouteTable: fuzzed route patterns registered the way register_routes registers
// them (Mount::addRoute, freeze, RouteTable::add with its conflict check), then fuzzed requests
// matched against the table. The input is text:
//
//   ~3                  router flags for the next mount (APIARY_ROUTER_*), optional
//   @/api               starts a new mount with this prefix (the first one is "")
//   GET /users/{id}     a route of the current mount
//                       (an empty line ends the routes)
//   GET /api/users/7    a request to match
//
// A rejected pattern or a conflict is a normal outcome; a crash, a sanitizer report or a match
// that contradicts itself is a finding.
#include <Mount.h>
#include <PluginInstance.h>
#include <PluginLibrary.h>
#include <RouteTable.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

int32_t noHandler(void*, const apiary_request*, apiary_response*) {
  return APIARY_OK;
}

const apiary_plugin_descriptor kDescriptor = [] {
  apiary_plugin_descriptor d{};
  d.struct_size = sizeof d;
  d.magic = APIARY_ABI_MAGIC;
  d.abi_major = APIARY_ABI_MAJOR;
  d.abi_minor = APIARY_ABI_MINOR;
  d.kind = APIARY_KIND_ROUTES;
  d.name = "fuzz";
  d.version = "0.0.0";
  return d;
}();

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n", what.c_str());
  std::abort();
}

struct PendingMount {
  std::string prefix;
  uint32_t flags = 0;
  std::vector<std::pair<std::string, std::string>> routes;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto library =
      std::make_shared<apiary::PluginLibrary>("/nonexistent/libfuzz.so", &kDescriptor);
  std::string_view in(reinterpret_cast<const char*>(data), size);

  std::vector<PendingMount> pending(1);
  std::vector<std::pair<std::string, std::string>> requests;
  bool inRoutes = true;
  while (!in.empty()) {
    const size_t end = in.find('\n');
    std::string_view line = in.substr(0, end);
    in.remove_prefix(end == std::string_view::npos ? in.size() : end + 1);
    if (inRoutes && line.empty()) {
      inRoutes = false;
      continue;
    }
    if (inRoutes && line.front() == '~') {
      pending.back().flags =
          static_cast<uint32_t>(std::strtoul(std::string(line.substr(1)).c_str(), nullptr, 10));
      continue;
    }
    if (inRoutes && line.front() == '@') {
      if (pending.size() < 8) pending.push_back({std::string(line.substr(1)), 0, {}});
      continue;
    }
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    auto& list = inRoutes ? pending.back().routes : requests;
    if (list.size() < 64) list.emplace_back(line.substr(0, space), line.substr(space + 1));
  }

  std::vector<std::unique_ptr<apiary::PluginInstance>> owners;
  apiary::RouteTable table;
  for (const auto& p : pending) {
    apiary::PluginEntryConfig config;
    config.name = "fuzz" + std::to_string(owners.size());
    config.listener = "main";
    config.prefix = p.prefix;
    owners.push_back(std::make_unique<apiary::PluginInstance>(library, config));
    auto mount = std::make_shared<apiary::Mount>(owners.back().get(), "main", p.prefix, -1);
    mount->setFlags(p.flags);
    bool ok = true;
    for (const auto& [method, pattern] : p.routes) {
      apiary_route_def def{};
      def.struct_size = sizeof def;
      def.method = apiary_str{method.data(), method.size()};
      def.pattern = apiary_str{pattern.data(), pattern.size()};
      def.summary = apiary_str{"", 0};
      def.handler = &noHandler;
      std::string error;
      if (!mount->addRoute(def, &error)) {
        if (error.empty()) finding("addRoute refused without a reason");
        ok = false;
      }
    }
    std::string error;
    if (!ok || !mount->freeze(&error)) continue;
    try {
      table.add(mount);
    } catch (const std::runtime_error&) {
      // a conflict with a mount added before: the daemon refuses the configuration
    }
  }

  for (const auto& [method, path] : requests) {
    (void)table.mountFor(path);
    const apiary::RouteTable::Match match = table.match(method, path);
    switch (match.outcome) {
      case apiary::RouteTable::Outcome::Found:
        if (match.route == nullptr || match.mount == nullptr) finding("Found without a route");
        for (const auto& [name, value] : match.params)
          if (name.empty()) finding("a path parameter without a name");
        break;
      case apiary::RouteTable::Outcome::MethodNotAllowed:
        if (match.allow.empty() || match.mount == nullptr) finding("405 without an Allow list");
        break;
      case apiary::RouteTable::Outcome::NotFound:
      case apiary::RouteTable::Outcome::BadPath: break;
    }
  }
  return 0;
}
