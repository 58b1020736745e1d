// SpellBot's handlers with fuzzed requests (the game API's JSON bodies, the pages' and
// queues.json's parameters) through the SDK's FakeHost. "Authorization: Fuzz <name>" passes the
// bearer policy with every scope. Without Discord or Redis configured no route calls out, so a
// 5xx is a finding.
#include "PluginRequestFuzz.hpp"
#include "SpellbotPlugin.hpp"

namespace {

apiary::testing::FakeHost load() {
  auto host = apiary::testing::FakeHost::load<spellbot::SpellbotPlugin>("{}", "spellbot");
  apiary::fuzz::acceptFuzzCredentials(host, "bearer:spellbot");
  return host;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static apiary::fuzz::ReloadingHost host(load);
  apiary::fuzz::FuzzRequest request;
  if (!apiary::fuzz::parseFuzzRequest({reinterpret_cast<const char*>(data), size}, request))
    return 0;
  apiary::fuzz::sendChecked(host.get(), request);
  return 0;
}
