// The Authorization header parsers of auth-basic (RFC 7617) and auth-bearer (SpellBot's
// "Bearer <token>"): the parse functions on the fuzzed header value with their documented
// guarantees checked, then each authenticator through the SDK's FakeHost (auth-basic's
// credential store holds alice:s3cret, so the fuzzer can reach its Ok path). An authenticator may
// answer NoCredentials, Invalid or Ok for any header, never Error, never throw.
#include "BasicAuthenticator.hpp"
#include "BearerAuthenticator.hpp"

#include <apiary/testing/fake_host.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using apiary::AuthOutcome;
using apiary::testing::FakeHost;

[[noreturn]] void finding(const char* what, std::string_view header) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n  Authorization: %.*s\n", what,
               static_cast<int>(header.size()), header.data());
  std::abort();
}

void issue(FakeHost& host, const std::string& realm, const std::string& subject, int32_t kind,
           const std::string& password) {
  apiary_credential_spec spec{
      sizeof spec, apiary::toStr(realm),  apiary::toStr(subject), kind, nullptr,
      0,           apiary::toStr("fuzz"), apiary::toStr(password)};
  std::string secret, why;
  int64_t id = 0;
  if (host.credentials().issue(spec, 0, secret, id, why) != APIARY_DB_OK) std::abort();
}

FakeHost& basicHost() {
  static FakeHost host = [] {
    auto h = FakeHost::load<BasicAuthenticator>(
        R"({"realm": "fuzz", "unknown_user_iterations": 1000})", "auth-basic");
    issue(h, "fuzz", "alice", APIARY_CREDENTIAL_PASSWORD, "s3cret");
    return h;
  }();
  return host;
}

FakeHost& bearerHost() {
  static FakeHost host = [] {
    return FakeHost::load<BearerAuthenticator>(R"({"realm": "fuzz"})", "auth-bearer");
  }();
  return host;
}

void checkOutcome(AuthOutcome outcome, std::string_view header) {
  if (outcome != AuthOutcome::NoCredentials && outcome != AuthOutcome::Invalid &&
      outcome != AuthOutcome::Ok)
    finding("authenticator answered neither NoCredentials, Invalid nor Ok", header);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string header(reinterpret_cast<const char*>(data), size);

  BasicAuthenticator::Credentials credentials;
  const auto parsed = BasicAuthenticator::parse(header, credentials);
  if (parsed == BasicAuthenticator::Parse::Ok) {
    if (credentials.user.empty() || credentials.user.find(':') != std::string::npos)
      finding("Basic: user-id empty or with ':'", header);
    for (const char c : credentials.user + credentials.password)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        finding("Basic: control character", header);
  }
  const std::string token = BearerAuthenticator::tokenOf(header);
  if (!token.empty() && (token.front() == ' ' || token.back() == ' '))
    finding("Bearer: token not trimmed", header);

  // The header as the host hands it over (Poco keeps no CR or LF in a value).
  if (header.find_first_of("\r\n") != std::string::npos) return 0;
  const FakeHost::Headers headers{{"Authorization", header}};
  // Basic's verify costs a PBKDF2 even for unknown users: only when the header parses.
  if (parsed == BasicAuthenticator::Parse::Ok) {
    const auto basic = basicHost().authenticate(headers);
    checkOutcome(basic.outcome, header);
    if (basic.outcome == AuthOutcome::Ok && basic.result.principal != "alice")
      finding("Basic: Ok for someone else", header);
  }
  checkOutcome(bearerHost().authenticate(headers).outcome, header);
  return 0;
}
