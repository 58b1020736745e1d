// spectra-live: the Engine.IO / socket.io codecs on the fuzzed text directly (with a round-trip
// check), then the same text as the body of an Engine.IO polling POST to a fresh session of the
// ingest or output instance through the SDK's FakeHost (the socket.io event payloads:
// obs_logon, obs_data, logon, ...). The first input byte picks the instance ('o': output, else
// ingest). No route calls out (static auth key), so a 5xx is a finding.
#include "EngineIoCodec.hpp"
#include "KeyStore.hpp"
#include "PluginRequestFuzz.hpp"
#include "SocketIoCodec.hpp"
#include "SpectraLivePlugin.hpp"

#include <apiary/base64.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <regex>

namespace {

using spectra_live::EngineIoCodec;
using spectra_live::SocketIoCodec;

// spectra-live validates keys against the spectra plugin's key table, which that plugin creates
// on the shared database (plugins/spectra-live/README.md); here nobody else runs, so the fuzzed
// instance creates it in its first migration, as the ingest's unit tests do.
class SpectraLiveWithKeyTable : public spectra_live::SpectraLivePlugin {
 public:
  std::vector<apiary::Migration> migrations() const override {
    auto all = SpectraLivePlugin::migrations();
    for (auto& statement : spectra::KeyStore::schema()) all.front().statements.push_back(statement);
    return all;
  }
};

apiary::testing::FakeHost load(const char* mode) {
  for (const char* name : {"INSECURE", "SERVER_KEY", "SERVER_CERT", "REQUIRE_AUTH_KEY", "AUTH_KEY",
                           "USE_BACKEND", "BACKEND_URL", "BACKEND_TOKEN", "SUPPORTER_CHECK_URL"})
    ::unsetenv(name);
  return apiary::testing::FakeHost::load<SpectraLiveWithKeyTable>(
      std::string(R"({"mode": ")") + mode +
          R"(", "auth_key": "fuzz-key", "require_auth_key": true, "poll_wait_ms": 100})",
      "spectra-live");
}

[[noreturn]] void codecFinding(const char* what, std::string_view text) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n  input: %.*s\n", what, static_cast<int>(text.size()),
               text.data());
  std::abort();
}

// Whatever decodes must encode to text that decodes to the same packets.
void checkCodecs(std::string_view text) {
  if (const auto packets = EngineIoCodec::decodePayload(text)) {
    const auto again = EngineIoCodec::decodePayload(EngineIoCodec::encodePayload(*packets));
    if (!again || *again != *packets) codecFinding("Engine.IO payload round trip", text);
  }
  if (const auto packet = SocketIoCodec::decode(text)) {
    const auto again = SocketIoCodec::decode(SocketIoCodec::encode(*packet));
    if (!again || *again != *packet) codecFinding("socket.io packet round trip", text);
    (void)packet->eventName();
    (void)packet->firstArgument();
  }
  (void)EngineIoCodec::decodeBinaryFrame(text);
  // Binary packets over polling are "b" + base64 (the SDK's decoder).
  if (const auto bytes = apiary::base64::decode(text)) {
    if (apiary::base64::decode(apiary::base64::encode(*bytes)) != bytes)
      codecFinding("base64 round trip", text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static apiary::fuzz::ReloadingHost ingest([] { return load("ingest"); });
  static apiary::fuzz::ReloadingHost output([] { return load("output"); });
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  checkCodecs(body);

  apiary::testing::FakeHost& host = data[0] == 'o' ? output.get() : ingest.get();
  apiary::fuzz::FuzzRequest open{"GET", "/socket.io/?EIO=4&transport=polling", "", {}};
  const auto opened = apiary::fuzz::sendChecked(host, open);
  static const std::regex kSid("\"sid\":\"([^\"]+)\"");
  std::smatch sid;
  if (opened.status != 200 || !std::regex_search(opened.body, sid, kSid)) {
    std::fprintf(stderr, "FUZZ FINDING: no Engine.IO handshake: %d %s\n", opened.status,
                 opened.body.c_str());
    std::abort();
  }
  const std::string target = "/socket.io/?EIO=4&transport=polling&sid=" + sid[1].str();
  apiary::fuzz::FuzzRequest post{"POST",
                                 target,
                                 std::string(body),
                                 {{"Content-Type", "text/plain;charset=UTF-8"},
                                  {"Content-Length", std::to_string(body.size())}}};
  apiary::fuzz::sendChecked(host, post);
  // The poll answers at once when the POST queued something (a socket.io connect always does);
  // otherwise it would wait poll_wait_ms, so only then.
  if (body.find("40") != std::string_view::npos)
    apiary::fuzz::sendChecked(host, apiary::fuzz::FuzzRequest{"GET", target, "", {}});
  host.advance(std::chrono::milliseconds(100));  // the overlay tick
  return 0;
}
