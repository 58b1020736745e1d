// auth-basic through the fake host: RFC 7617 parsing (malformed base64, missing colon, UTF-8),
// the challenge, htpasswd users and credential-store subjects (Spectrum's projectId:secret).
#include "../BasicAuthenticator.hpp"

#include <gtest/gtest.h>
#include <apiary/base64.hpp>
#include <apiary/password_hash.hpp>
#include <apiary/testing/fake_host.hpp>

#include <unistd.h>
#include <cstdio>
#include <fstream>

using apiary::AuthOutcome;
using apiary::testing::FakeHost;
using Parse = BasicAuthenticator::Parse;

namespace {

std::string basic(const std::string& raw) {
  return "Basic " + apiary::base64::encode(raw);
}

Parse parse(const std::string& header, BasicAuthenticator::Credentials* out = nullptr) {
  BasicAuthenticator::Credentials c;
  const Parse p = BasicAuthenticator::parse(header, c);
  if (out) *out = c;
  return p;
}

int64_t issue(FakeHost& host, const std::string& realm, const std::string& subject, int32_t kind,
              const std::string& password, std::string* secret = nullptr) {
  apiary_credential_spec spec{
      sizeof spec, apiary::toStr(realm),   apiary::toStr(subject), kind, nullptr, 0,
      {},          apiary::toStr(password)};
  std::string s, why;
  int64_t id = 0;
  EXPECT_EQ(host.credentials().issue(spec, 0, s, id, why), APIARY_DB_OK) << why;
  if (secret) *secret = s;
  return id;
}

}  // namespace

TEST(BasicParse, Rfc7617) {
  BasicAuthenticator::Credentials c;
  EXPECT_EQ(parse(basic("alice:s3cret:with:colons"), &c), Parse::Ok);
  EXPECT_EQ(c.user, "alice");
  EXPECT_EQ(c.password, "s3cret:with:colons");
  EXPECT_EQ(parse("basic " + basic("a:b").substr(6), &c), Parse::Ok);  // scheme case-insensitive
  EXPECT_EQ(parse(basic("bob:"), &c), Parse::Ok);                      // empty password
  EXPECT_EQ(c.password, "");
  EXPECT_EQ(parse(basic("j\xC3\xBCrgen:p\xC3\xA4ss"), &c), Parse::Ok);  // UTF-8
  EXPECT_EQ(c.user, "j\xC3\xBCrgen");
}

TEST(BasicParse, AbsentAndMalformed) {
  EXPECT_EQ(parse("Bearer abc"), Parse::Absent);
  EXPECT_EQ(parse("Basic"), Parse::Absent);
  EXPECT_EQ(parse("Basicx YTpi"), Parse::Absent);
  EXPECT_EQ(parse("Basic !!!!"), Parse::Malformed);          // not base64
  EXPECT_EQ(parse("Basic YTpi="), Parse::Malformed);         // bad length
  EXPECT_EQ(parse("Basic YQ=="), Parse::Malformed);          // "a": no colon
  EXPECT_EQ(parse(basic(":pw")), Parse::Malformed);          // empty user
  EXPECT_EQ(parse(basic("a\xFF:b")), Parse::Malformed);      // not UTF-8
  EXPECT_EQ(parse(basic("a\xC0\xAF:b")), Parse::Malformed);  // overlong
  EXPECT_EQ(parse(basic("a\n:b")), Parse::Malformed);        // control character
  EXPECT_EQ(parse("Basic YT=pi"), Parse::Malformed);         // padding inside
}

TEST(BasicAuthenticator, ChallengeAndNoCredentials) {
  auto host = FakeHost::load<BasicAuthenticator>(
      R"({"realm": "spectrum", "challenge_realm": "Spectrum API"})");
  const auto none = host.authenticate({});
  EXPECT_EQ(none.outcome, AuthOutcome::NoCredentials);
  EXPECT_EQ(none.result.challenge, "Basic realm=\"Spectrum API\", charset=\"UTF-8\"");
  EXPECT_EQ(host.authenticate({{"Authorization", "Basic %%%%"}}).outcome, AuthOutcome::Invalid);
}

TEST(BasicAuthenticator, StoreSubjectWithTokenSecretAsSpectrumProjects) {
  auto host = FakeHost::load<BasicAuthenticator>(R"({"realm": "spectrum"})");
  std::string secret;
  issue(host, "spectrum", "7f1c2f4e-0000-4000-8000-000000000001", APIARY_CREDENTIAL_TOKEN, "",
        &secret);
  const auto ok = host.authenticate(
      {{"Authorization", basic("7f1c2f4e-0000-4000-8000-000000000001:" + secret)}});
  EXPECT_EQ(ok.outcome, AuthOutcome::Ok);
  EXPECT_EQ(ok.result.principal, "7f1c2f4e-0000-4000-8000-000000000001");
  EXPECT_EQ(host.authenticate({{"Authorization",
                                basic("7f1c2f4e-0000-4000-8000-000000000001:" + secret + "x")}})
                .outcome,
            AuthOutcome::Invalid);
  EXPECT_EQ(host.authenticate({{"Authorization", basic("someone-else:" + secret)}}).outcome,
            AuthOutcome::Invalid);
}

TEST(BasicAuthenticator, StorePasswords) {
  auto host = FakeHost::load<BasicAuthenticator>(R"({"realm": "ops"})");
  issue(host, "ops", "alice", APIARY_CREDENTIAL_PASSWORD, "correct horse");
  EXPECT_EQ(host.authenticate({{"Authorization", basic("alice:correct horse")}}).outcome,
            AuthOutcome::Ok);
  EXPECT_EQ(host.authenticate({{"Authorization", basic("alice:wrong")}}).outcome,
            AuthOutcome::Invalid);
}

TEST(BasicAuthenticator, HtpasswdFile) {
  char path[] = "/tmp/htpasswd-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << "# users\nbob:" << apiary::password_hash::hashPassword("hunter2", 1000)
                      << ":admin,read\n";
  auto host =
      FakeHost::load<BasicAuthenticator>(std::string(R"({"realm": "", "htpasswd_file": ")") + path +
                                         R"(", "unknown_user_iterations": 1000})");
  const auto ok = host.authenticate({{"Authorization", basic("bob:hunter2")}});
  EXPECT_EQ(ok.outcome, AuthOutcome::Ok);
  EXPECT_EQ(ok.result.principal, "bob");
  EXPECT_EQ(ok.result.scopes, (std::vector<std::string>{"admin", "read"}));
  EXPECT_EQ(host.authenticate({{"Authorization", basic("bob:hunter3")}}).outcome,
            AuthOutcome::Invalid);
  EXPECT_EQ(host.authenticate({{"Authorization", basic("nobody:hunter2")}}).outcome,
            AuthOutcome::Invalid);
  std::remove(path);
}

TEST(BasicAuthenticator, MalformedHtpasswdRefusesStart) {
  char path[] = "/tmp/htpasswd-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << "bob:$apr1$plainmd5\n";
  EXPECT_THROW(
      FakeHost::load<BasicAuthenticator>(std::string(R"({"htpasswd_file": ")") + path + "\"}"),
      std::runtime_error);
  std::remove(path);
}

// The compare itself: equal-length digests that differ early or late take the same path
// (CRYPTO_memcmp), and different lengths never match.
TEST(PasswordHash, ConstantTimeCompareAndFormat) {
  using namespace apiary::password_hash;
  EXPECT_TRUE(constantTimeEquals("abcdef", "abcdef"));
  EXPECT_FALSE(constantTimeEquals("abcdef", "xbcdef"));
  EXPECT_FALSE(constantTimeEquals("abcdef", "abcdex"));
  EXPECT_FALSE(constantTimeEquals("abcdef", "abcde"));
  const std::string h = hashPassword("pw", 1000);
  EXPECT_EQ(h.rfind("pbkdf2-sha256$1000$", 0), 0u);
  EXPECT_TRUE(verifyPassword("pw", h));
  EXPECT_FALSE(verifyPassword("pW", h));
  EXPECT_FALSE(verifyPassword("pw", "pbkdf2-sha256$abc$00$00"));
  EXPECT_FALSE(verifyPassword("pw", "sha1$1$00$00"));
  EXPECT_NE(hashPassword("pw", 1000), h);  // salted
}
