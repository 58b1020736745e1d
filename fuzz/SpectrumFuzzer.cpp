// Spectrum's handlers with fuzzed requests (JSON bodies of users, webhooks and platforms, path
// and query parameters) through the SDK's FakeHost. Each host has one project made by the
// plugin's own command; "{project}" in the input stands for its id, and
// "Authorization: Fuzz {project}" passes the project's Basic policy. Webhook deliveries run on
// workers, none configured here: no route calls out inside a request, so a 5xx is a finding.
#include "PluginRequestFuzz.hpp"
#include "SpectrumPlugin.hpp"

#include <regex>

namespace {

std::string projectId;

apiary::testing::FakeHost load() {
  auto host = apiary::testing::FakeHost::load<spectrum::SpectrumPlugin>(
      R"({"rate_limit": {"enabled": false}, "allow_insecure_webhooks": true,
          "allow_private_addresses": true,
          "delivery": {"workers": 0, "jitter": false, "poll_interval_ms": 100}})");
  apiary::fuzz::acceptFuzzCredentials(host, "basic:spectrum");
  const auto made = host.command({"project", "create", "--name", "fuzz"});
  std::smatch id;
  if (made.code != 0 || !std::regex_search(made.out, id, std::regex("id: ([0-9a-f-]{36})")))
    std::abort();
  projectId = id[1];
  host.command({"pool", "add", "shared", "+15550200001"});
  host.command({"pool", "add", "dedicated", "+15550100001"});
  return host;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static apiary::fuzz::ReloadingHost host(load);
  apiary::testing::FakeHost& h = host.get();
  std::string text(reinterpret_cast<const char*>(data), size);
  apiary::fuzz::substitute(text, "project", projectId);
  apiary::fuzz::FuzzRequest request;
  if (!apiary::fuzz::parseFuzzRequest(text, request)) return 0;
  apiary::fuzz::sendChecked(h, request);
  return 0;
}
