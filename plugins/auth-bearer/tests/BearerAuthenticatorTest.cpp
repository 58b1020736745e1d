// auth-bearer through the fake host: the header rules SpellBot clients rely on, the three token
// sources, revocation and scopes.
#include "../BearerAuthenticator.hpp"

#include <apiary/testing/fake_host.hpp>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

using apiary::AuthOutcome;
using apiary::testing::FakeHost;

namespace {

std::string issueToken(FakeHost& host, const std::string& realm, std::vector<std::string> scopes) {
  std::vector<apiary_str> raw;
  for (const auto& s : scopes) raw.push_back(apiary::toStr(s));
  apiary_credential_spec spec{sizeof spec, apiary::toStr(realm), {}, APIARY_CREDENTIAL_TOKEN,
                              raw.data(), raw.size(), apiary::toStr("test"), {}};
  std::string secret, why;
  int64_t id = 0;
  EXPECT_EQ(host.credentials().issue(spec, 0, secret, id, why), APIARY_DB_OK) << why;
  return secret;
}

}  // namespace

TEST(BearerHeader, OnlyTheExactSchemeWithATokenCounts) {
  EXPECT_EQ(BearerAuthenticator::tokenOf("Bearer abc"), "abc");
  EXPECT_EQ(BearerAuthenticator::tokenOf("Bearer   abc  "), "abc");
  EXPECT_EQ(BearerAuthenticator::tokenOf("bearer abc"), "");  // SpellBot: case-sensitive
  EXPECT_EQ(BearerAuthenticator::tokenOf("Bearer"), "");
  EXPECT_EQ(BearerAuthenticator::tokenOf("Bearer    "), "");
  EXPECT_EQ(BearerAuthenticator::tokenOf("Basic dXNlcjpwYXNz"), "");
  EXPECT_EQ(BearerAuthenticator::tokenOf(""), "");
}

TEST(BearerAuthenticator, NoOrForeignCredentialsAreNotInvalid) {
  auto host = FakeHost::load<BearerAuthenticator>(R"({"realm": "spellbot"})");
  EXPECT_EQ(host.authenticate({}).outcome, AuthOutcome::NoCredentials);
  EXPECT_EQ(host.authenticate({{"Authorization", "Basic eDp5"}}).outcome,
            AuthOutcome::NoCredentials);
  const auto empty = host.authenticate({{"Authorization", "Bearer  "}});
  EXPECT_EQ(empty.outcome, AuthOutcome::NoCredentials);
  EXPECT_EQ(empty.result.challenge, "Bearer realm=\"spellbot\"");
}

TEST(BearerAuthenticator, CredentialStoreTokensWithScopes) {
  auto host = FakeHost::load<BearerAuthenticator>(R"({"realm": "spellbot"})");
  const std::string token = issueToken(host, "spellbot", {"game", "admin"});
  const auto ok = host.authenticate({{"Authorization", "Bearer " + token}});
  EXPECT_EQ(ok.outcome, AuthOutcome::Ok);
  EXPECT_EQ(ok.result.principal, "token:1");
  EXPECT_EQ(ok.result.scopes, (std::vector<std::string>{"game", "admin"}));
  // Another realm's token is not valid here.
  const std::string other = issueToken(host, "elsewhere", {"*"});
  const auto bad = host.authenticate({{"Authorization", "Bearer " + other}});
  EXPECT_EQ(bad.outcome, AuthOutcome::Invalid);
  EXPECT_EQ(bad.result.challenge, "Bearer realm=\"spellbot\", error=\"invalid_token\"");
}

TEST(BearerAuthenticator, RevokedTokenIsInvalidAtOnce) {
  auto host = FakeHost::load<BearerAuthenticator>(R"({"realm": "r"})");
  const std::string token = issueToken(host, "r", {"*"});
  EXPECT_EQ(host.authenticate({{"Authorization", "Bearer " + token}}).outcome, AuthOutcome::Ok);
  std::string why;
  ASSERT_EQ(host.credentials().revoke("r", 1, 0, why), APIARY_DB_OK);
  EXPECT_EQ(host.authenticate({{"Authorization", "Bearer " + token}}).outcome,
            AuthOutcome::Invalid);
}

TEST(BearerAuthenticator, StaticTokenFile) {
  char path[] = "/tmp/bearer-tokens-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << "# operators\n0123456789abcdef0123 game,stats ci runner\n\n"
                         "fedcba9876543210fedc *   # admin\n";
  auto host = FakeHost::load<BearerAuthenticator>(std::string(R"({"realm": "", "tokens_file": ")") +
                                                  path + "\"}");
  const auto ci = host.authenticate({{"Authorization", "Bearer 0123456789abcdef0123"}});
  EXPECT_EQ(ci.outcome, AuthOutcome::Ok);
  EXPECT_EQ(ci.result.principal, "ci runner");
  EXPECT_EQ(ci.result.scopes, (std::vector<std::string>{"game", "stats"}));
  EXPECT_EQ(host.authenticate({{"Authorization", "Bearer fedcba9876543210fedc"}}).result.principal,
            "file:4");
  EXPECT_EQ(host.authenticate({{"Authorization", "Bearer 0123456789abcdef0124"}}).outcome,
            AuthOutcome::Invalid);
  std::remove(path);
}

TEST(BearerAuthenticator, MalformedTokenFileRefusesStart) {
  char path[] = "/tmp/bearer-tokens-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << "short game\n";
  EXPECT_THROW(FakeHost::load<BearerAuthenticator>(std::string(R"({"tokens_file": ")") + path + "\"}"),
               std::runtime_error);
  std::remove(path);
}

TEST(BearerAuthenticator, SpellbotTokensTable) {
  auto host = FakeHost::load<BearerAuthenticator>(R"({"realm": "", "spellbot_tokens": true})");
  host.sql(
      "CREATE TABLE tokens (id INTEGER PRIMARY KEY, created_at TEXT, updated_at TEXT, deleted_at "
      "TEXT, key TEXT, note TEXT, scopes TEXT NOT NULL DEFAULT '*')");
  host.sql("INSERT INTO tokens (key, scopes) VALUES ('k-live', 'game,other')");
  host.sql("INSERT INTO tokens (key, scopes, deleted_at) VALUES ('k-gone', '*', '2025-01-01')");
  const auto live = host.authenticate({{"Authorization", "Bearer k-live"}});
  EXPECT_EQ(live.outcome, AuthOutcome::Ok);
  EXPECT_EQ(live.result.principal, "spellbot-token:1");
  EXPECT_EQ(live.result.scopes, (std::vector<std::string>{"game", "other"}));
  EXPECT_EQ(host.authenticate({{"Authorization", "Bearer k-gone"}}).outcome, AuthOutcome::Invalid);
}

TEST(BearerAuthenticator, MissingSpellbotTableIsAnErrorNotInvalid) {
  auto host = FakeHost::load<BearerAuthenticator>(R"({"realm": "", "spellbot_tokens": true})");
  EXPECT_EQ(host.authenticate({{"Authorization", "Bearer x"}}).outcome, AuthOutcome::Error);
}

TEST(BearerAuthenticator, ConfigIsStrict) {
  EXPECT_EQ(FakeHost::validate<BearerAuthenticator>(R"({"realms": "x"})"),
            std::vector<std::string>{"/realms: unknown key"});
  EXPECT_EQ(FakeHost::validate<BearerAuthenticator>(R"({"challenge_realm": "a\"b"})"),
            std::vector<std::string>{
                "/challenge_realm: must not contain quotes, backslashes or line breaks"});
}
