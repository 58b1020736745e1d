// The key validation chain with the remote key backend and supporter check scripted through the
// fake host's outbound HTTP: order, requests sent, answers, failures, timeouts.
#include "SpectraTesting.hpp"

namespace spectra::testing {
namespace {

constexpr const char* kBackend = "https://backend.test/api";
constexpr const char* kSupporter = "https://supporter.test/check";

class KeyValidation : public SpectraTest {
 protected:
  static FakeHost loadWithBackend(const std::string& extra = "") {
    return load(
        std::string(R"({"auth_key": "static-key", "key_backend": {"enabled": true, "url": ")") +
        kBackend + R"(", "token": "backend-token", "supporter_check_url": ")" + kSupporter +
        R"(", "timeout_ms": 3000, "connect_timeout_ms": 1000})" + extra + "}");
  }
  static std::string validate(const std::string& key) {
    return std::string(kBackend) + "/system/validateAccessKey/" + key;
  }
};

TEST_F(KeyValidation, BackendKeyIsValidWithItsOrganisationAndSupporterFlag) {
  auto host = loadWithBackend();
  host.http().respond("GET", validate("org-key"), 200,
                      R"({"id":"org-7","name":"Backend Org","plan":"x"})");
  host.http().respond("GET", std::string(kSupporter) + "/org-7", 200, R"({"isSupporter":true})");
  const auto r = host.call("GET", "/getOrgForKey?key=org-key");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"id":"org-7","name":"Backend Org","isSupporter":true})");
  EXPECT_EQ(put(host, previewBody("org-key").dump()).status, 200);

  const auto sent = host.http().requests();
  ASSERT_GE(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, validate("org-key"));
  EXPECT_EQ(sent[0].header("X-User-Token"), "backend-token");
  EXPECT_EQ(sent[0].header("Content-Type"), "application/json");
  EXPECT_EQ(sent[0].totalTimeoutMs, 3000);
  EXPECT_EQ(sent[0].connectTimeoutMs, 1000);
  EXPECT_EQ(sent[1].url, std::string(kSupporter) + "/org-7");
  EXPECT_FALSE(sent[1].header("X-User-Token"));
}

TEST_F(KeyValidation, NumericOrganisationIdsAreKeptAsTheBackendSendsThem) {
  auto host = loadWithBackend();
  host.http().respond("GET", validate("k"), 200, R"({"id":42,"name":"N"})");
  host.http().respond("GET", std::string(kSupporter) + "/42", 200, R"({"isSupporter":0})");
  EXPECT_EQ(host.call("GET", "/getOrgForKey?key=k").body,
            R"({"id":42,"name":"N","isSupporter":false})");
}

TEST_F(KeyValidation, SupporterCheckFailuresMeanNoSupporter) {
  auto host = loadWithBackend();
  host.http().respond("GET", validate("k"), 200, R"({"id":"o","name":"N"})");
  host.http().fail("GET", std::string(kSupporter) + "/o", APIARY_HTTP_TIMEOUT);
  EXPECT_EQ(host.call("GET", "/getOrgForKey?key=k").body,
            R"({"id":"o","name":"N","isSupporter":false})");
  host.http().respond("GET", std::string(kSupporter) + "/o", 500, "oops");
  EXPECT_EQ(host.call("GET", "/getOrgForKey?key=k").body,
            R"({"id":"o","name":"N","isSupporter":false})");
}

TEST_F(KeyValidation, KeysAreEncodedIntoTheBackendPath) {
  auto host = loadWithBackend();
  host.http().respondPrefix("GET", std::string(kBackend) + "/", 401, "");
  EXPECT_EQ(host.call("GET", "/getOrgForKey?key=a%2Fb%20c%3F").status, 401);
  const auto sent = host.http().requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].url, validate("a%2Fb%20c%3F"));
}

TEST_F(KeyValidation, RejectionsByTheBackend) {
  auto host = loadWithBackend();
  host.http().respond("GET", validate("invalid"), 401, "");
  host.http().respond("GET", validate("expired"), 403, "");
  host.http().respond("GET", validate("broken"), 500, "");
  for (const char* key : {"invalid", "expired", "broken"}) {
    EXPECT_EQ(put(host, previewBody(key).dump()).body, R"({"error":"Invalid or expired key"})")
        << key;
    const auto r = host.call("GET", std::string("/getOrgForKey?key=") + key);
    EXPECT_EQ(r.status, 401) << key;
    EXPECT_EQ(r.body, "401 Unauthorized");
  }
}

TEST_F(KeyValidation, AnUnreachableBackendIsACleanError) {
  auto host = loadWithBackend();
  host.http().fail("GET", validate("secret-key-123"), APIARY_HTTP_REFUSED);
  const auto created = put(host, previewBody("secret-key-123").dump());
  EXPECT_EQ(created.status, 503);
  EXPECT_EQ(created.body, R"({"error":"Key backend unavailable"})");
  const auto org = host.call("GET", "/getOrgForKey?key=secret-key-123");
  EXPECT_EQ(org.status, 503);
  EXPECT_EQ(org.body, R"({"error":"Key backend unavailable"})");
  host.http().fail("GET", validate("secret-key-123"), APIARY_HTTP_TIMEOUT);
  EXPECT_EQ(put(host, previewBody("secret-key-123").dump()).status, 503);
  host.http().respond("GET", validate("secret-key-123"), 200, "<html>not json</html>");
  EXPECT_EQ(put(host, previewBody("secret-key-123").dump()).status, 503);
  EXPECT_EQ(host.call("GET", "/status").status, 200);  // still serving
  bool logged = false;
  for (const auto& line : host.logs()) {
    logged |= line.find("WARNING key backend unavailable") == 0;
    EXPECT_EQ(line.find("secret-key-123"), std::string::npos) << "the key leaked into: " << line;
  }
  EXPECT_TRUE(logged);
}

TEST_F(KeyValidation, StaticAndOperatorKeysNeverReachTheBackend) {
  auto host = loadWithBackend();
  auto issued = host.command({"key", "create", "--org-name", "Local"});
  const std::string key = issued.out.substr(0, issued.out.size() - 1);
  EXPECT_EQ(put(host, previewBody("static-key").dump()).status, 200);
  EXPECT_EQ(put(host, previewBody(key).dump()).status, 200);
  EXPECT_EQ(host.call("GET", "/getOrgForKey?key=" + key).status, 200);
  EXPECT_TRUE(host.http().requests().empty());
  // Non-string keys are never sent either.
  EXPECT_EQ(put(host, R"({"key":12345})").status, 403);
  EXPECT_TRUE(host.http().requests().empty());
}

TEST_F(KeyValidation, EnvironmentConfiguresTheBackendAsUpstream) {
  ::setenv("USE_BACKEND", "true", 1);
  ::setenv("BACKEND_URL", kBackend, 1);
  ::setenv("BACKEND_TOKEN", "env-token", 1);
  ::setenv("SUPPORTER_CHECK_URL", kSupporter, 1);
  auto host = load("{}");
  host.http().respond("GET", validate("k"), 200, R"({"id":"o","name":"N"})");
  host.http().respond("GET", std::string(kSupporter) + "/o", 200, R"({"isSupporter":true})");
  EXPECT_EQ(host.call("GET", "/getOrgForKey?key=k").body,
            R"({"id":"o","name":"N","isSupporter":true})");
  EXPECT_EQ(host.http().requests()[0].header("X-User-Token"), "env-token");
}

TEST_F(KeyValidation, UseBackendOtherThanTrueTurnsItOff) {
  ::setenv("USE_BACKEND", "false", 1);
  auto host = loadWithBackend();
  EXPECT_EQ(host.call("GET", "/getOrgForKey?key=k").status, 401);
  EXPECT_TRUE(host.http().requests().empty());
}

TEST_F(KeyValidation, RequireAuthKeyFalseSkipsTheBackend) {
  ::setenv("REQUIRE_AUTH_KEY", "false", 1);
  auto host = loadWithBackend();
  EXPECT_EQ(put(host, previewBody("anything").dump()).status, 200);
  EXPECT_TRUE(host.http().requests().empty());
}

}  // namespace
}  // namespace spectra::testing
