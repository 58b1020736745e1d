// spectra's handlers with fuzzed requests (JSON bodies of /createPreview, query strings of the
// lookups) through the SDK's FakeHost. No route of this configuration calls out (static key,
// no backend), so a 5xx is a finding.
#include "PluginRequestFuzz.hpp"
#include "SpectraPlugin.hpp"

#include <cstdlib>

namespace {

apiary::testing::FakeHost load() {
  for (const char* name : {"INSECURE", "SERVER_KEY", "SERVER_CERT", "REQUIRE_AUTH_KEY", "AUTH_KEY",
                           "USE_BACKEND", "BACKEND_URL", "BACKEND_TOKEN", "SUPPORTER_CHECK_URL"})
    ::unsetenv(name);
  return apiary::testing::FakeHost::load<spectra::SpectraPlugin>(R"({"auth_key": "fuzz-key"})",
                                                                 "spectra");
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
