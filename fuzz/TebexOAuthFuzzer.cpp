// backend-tebex-oauth parses what its upstreams answer (Tebex packages, Discord's token and user
// documents), so the fuzzed body here is the upstream's answer: every outbound URL of the
// configuration answers it with the status of the input's "X-Upstream-Status" header (default
// 200), and the inbound request is the input's request line. Both routes depend on those
// outbound calls, so a 5xx is allowed; a handler that throws or a status outside HTTP is not.
#include "BackendPlugin.hpp"
#include "PluginRequestFuzz.hpp"

#include <cstdlib>

namespace {

constexpr const char* kPackagesUrl = "https://tebex.test/packages/store%201?extensionId=ext-9";
constexpr const char* kTokenUrl = "https://discord.test/api/oauth2/token";
constexpr const char* kUserUrl = "https://discord.test/api/users/@me";

apiary::testing::FakeHost load() {
  for (const char* name : {"USE_BACKEND", "TEBEX_BASE_URL", "TEBEX_STORE_ID", "TEBEX_EXTENSION_ID",
                           "DISCORD_CLIENT_ID", "DISCORD_CLIENT_SECRET", "DISCORD_REDIRECT_URI",
                           "DISCORD_OAUTH_URL", "DISCORD_USER_URL", "SPECTRA_CLIENT_DEEPLINK"})
    ::unsetenv(name);
  return apiary::testing::FakeHost::load<backend_tebex_oauth::BackendPlugin>(
      R"({"enabled_by_default": true, "tebex_base_url": "https://tebex.test/",
          "tebex_store_id": "store 1", "tebex_extension_id": "ext-9",
          "discord_client_id": "client-1", "discord_client_secret": "s3cr&t=x",
          "discord_redirect_uri": "https://eu.example:5101/client/oauth-callback",
          "discord_api_base_url": "https://discord.test/api",
          "client_deeplink": "spectra-client://oauth", "timeout_ms": 1500})",
      "backend-tebex-oauth");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static apiary::fuzz::ReloadingHost host(load);
  apiary::fuzz::FuzzRequest request;
  if (!apiary::fuzz::parseFuzzRequest({reinterpret_cast<const char*>(data), size}, request))
    return 0;
  int status = 200;
  for (const auto& [name, value] : request.headers)
    if (name == "X-Upstream-Status") status = std::atoi(value.c_str());
  apiary::testing::FakeHost& h = host.get();
  // Only the token answer is usable as a token document and as a user document at once when
  // the fuzzer makes it so; each URL answers the same text.
  for (const char* url : {kPackagesUrl, kUserUrl})
    h.http().respond("GET", url, status, request.body);
  h.http().respond("POST", kTokenUrl, status, request.body);
  request.body.clear();
  apiary::fuzz::sendChecked(h, request, [](const apiary::fuzz::FuzzRequest&) { return true; });
  return 0;
}
