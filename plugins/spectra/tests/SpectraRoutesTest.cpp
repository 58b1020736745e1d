// Every route through the fake host: success and error paths, expiry on the host clock,
// matching options, the error envelope, demo data and config validation.
#include "DemoData.hpp"
#include "KeyHash.hpp"
#include "SpectraTesting.hpp"

#include <chrono>
#include <filesystem>
#include <set>

namespace spectra::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

class Routes : public SpectraTest {};

constexpr const char* kJson = "application/json; charset=utf-8";

TEST_F(Routes, StatusIsUpWithNoLiveMatches) {
  auto host = load();
  const auto r = host.call("GET", "/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"UP","matchesRunning":0})");
  EXPECT_EQ(r.header("Content-Type"), kJson);
}

TEST_F(Routes, StatusCountsLiveMatchesFromStorageUntilIdle) {
  auto host = load();
  const int64_t now = host.wallMs();
  for (const char* code : {"AAA111", "BBB222"})
    host.sql(std::string("INSERT INTO spectra_live_matches VALUES ('") + code +
             "', 's', '', 0, '{}', '{}', '{}', " + std::to_string(now) + ", " +
             std::to_string(now) + ", " + std::to_string(now + 30 * 60 * 1000) + ")");
  EXPECT_EQ(host.call("GET", "/status").body, R"({"status":"UP","matchesRunning":2})");
  host.advance(minutes(30));
  EXPECT_EQ(host.call("GET", "/status").body, R"({"status":"UP","matchesRunning":0})");
}

TEST_F(Routes, ExpressMatching) {
  auto host = load();
  EXPECT_EQ(host.call("GET", "/STATUS").status, 200);
  EXPECT_EQ(host.call("GET", "/status/").status, 200);
  EXPECT_EQ(host.call("GET", "/getteaminfoforcode?groupCode=X").status, 404);
}

TEST_F(Routes, UnknownRouteAndWrongMethodAreExpressHtml404s) {
  auto host = load();
  auto r = host.call("GET", "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("Content-Security-Policy"), "default-src 'none'");
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.body,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error"
            "</title>\n</head>\n<body>\n<pre>Cannot GET /nope</pre>\n</body>\n</html>\n");
  r = host.call("POST", "/status");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<pre>Cannot POST /status</pre>"), std::string::npos);
  EXPECT_NE(host.call("GET", "/preview/").body.find("<pre>Cannot GET /preview/</pre>"),
            std::string::npos);
  EXPECT_NE(host.call("GET", "/a%20b/<x>").body.find("<pre>Cannot GET /a%20b/%3Cx%3E</pre>"),
            std::string::npos);
  // The USE_BACKEND routes belong to backend-tebex-oauth: absent here, as upstream without it.
  EXPECT_EQ(host.call("GET", "/getSupportPackages").status, 404);
  EXPECT_EQ(host.call("GET", "/client/oauth-callback?code=x").status, 404);
}

// --- PUT /createPreview ---------------------------------------------------------------------

TEST_F(Routes, CreateAndReadAPreview) {
  auto host = load();
  const auto created = put(host, previewBody("static-key").dump());
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.header("Content-Type"), kJson);
  const std::string code = codeOf(created);
  ASSERT_EQ(code.size(), 6u);
  for (char c : code)
    EXPECT_NE(std::string("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789").find(c), std::string::npos);
  EXPECT_EQ(created.body, R"({"previewCode":")" + code + R"("})");

  const auto first = host.call("GET", "/preview/" + code);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("Content-Type"), kJson);
  const Json doc = Json::parse(first.body);
  EXPECT_EQ(doc["teams"][0]["teamName"], "Left");
  EXPECT_EQ(doc["teams"][1]["isAttacking"], false);
  EXPECT_EQ(doc["tools"]["seriesInfo"].dump(), R"({"needed":2})");
  EXPECT_EQ(doc["tools"].back(), "bar");
  // Stats were drawn once: every read is identical.
  EXPECT_EQ(host.call("GET", "/preview/" + code).body, first.body);
}

TEST_F(Routes, MissingOrFalsyKeyIs400) {
  auto host = load();
  const std::string missing = R"({"error":"Missing or invalid key in preview data"})";
  for (const char* body : {R"({})", R"({"key":""})", R"({"key":null})", R"({"key":0})",
                           R"({"key":false})", R"([1,2])", ""}) {
    const auto r = put(host, body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.body, missing) << body;
    EXPECT_EQ(r.header("Content-Type"), kJson);
  }
}

TEST_F(Routes, NoJsonBodyIsUpstreamsTypeError) {
  auto host = load();
  const std::string expected =
      R"j({"error":"Invalid preview data","details":"Cannot read properties of undefined (reading 'key')"})j";
  const std::string body = previewBody("static-key").dump();
  EXPECT_EQ(put(host, body, "").body, expected);
  EXPECT_EQ(put(host, body, "text/plain").body, expected);
  EXPECT_EQ(put(host, body, "application/x-www-form-urlencoded").body, expected);
  EXPECT_EQ(host.call("PUT", "/createPreview").body, expected);  // no body at all
  EXPECT_EQ(put(host, body, "text/plain").status, 400);
  // Any charset and case of the JSON type is parsed.
  EXPECT_EQ(put(host, body, "Application/JSON; charset=utf-8").status, 200);
}

TEST_F(Routes, MalformedJsonIsA400InTheEnvelope) {
  auto host = load();
  for (const char* body : {"{", R"({"key":"static-key",})", R"("just a string")", "42", "  "}) {
    const auto r = put(host, body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.body, R"({"error":"Invalid JSON body"})") << body;
    EXPECT_EQ(r.header("Content-Type"), kJson);
  }
}

TEST_F(Routes, JsonNestedTooDeeplyIsA400NotACrash) {
  auto host = load();
  // 50,000 levels fit in the 100 KB body limit and would overflow the stack of any recursive
  // walk of the parsed tree.
  const std::string deep =
      R"({"key":"static-key","x":)" + std::string(50000, '[') + std::string(50000, ']') + "}";
  const auto r = put(host, deep);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"error":"Invalid JSON body"})");
  // 100 levels are still a document (refused further on, for what it lacks, not as JSON).
  const std::string nested =
      R"({"key":"static-key","x":)" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_NE(put(host, nested).body, R"({"error":"Invalid JSON body"})");
}

TEST_F(Routes, WrongOrNonStringKeyIs403) {
  auto host = load();
  for (const char* body : {R"({"key":"wrong"})", R"({"key":5})", R"({"key":["static-key"]})",
                           R"({"key":{"a":1}})", R"({"key":true})"}) {
    const auto r = put(host, body);
    EXPECT_EQ(r.status, 403) << body;
    EXPECT_EQ(r.body, R"({"error":"Invalid or expired key"})");
  }
}

TEST_F(Routes, KeyIsCheckedBeforeTheTeams) {
  auto host = load();
  EXPECT_EQ(put(host, R"({"key":"wrong"})").status, 403);
  const auto r = put(host, R"({"key":"static-key"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      r.body,
      R"j({"error":"Invalid preview data","details":"Cannot read properties of undefined (reading 'name')"})j");
  EXPECT_EQ(
      put(host, R"({"key":"static-key","leftTeam":null,"rightTeam":{}})").body,
      R"j({"error":"Invalid preview data","details":"Cannot read properties of null (reading 'name')"})j");
  EXPECT_EQ(
      put(host,
          R"({"key":"static-key","leftTeam":{},"rightTeam":{},"toolsData":{"timeoutCounter":null}})")
          .body,
      R"j({"error":"Invalid preview data","details":"Cannot read properties of null (reading 'max')"})j");
}

TEST_F(Routes, WithoutRequiredKeysAnyTruthyKeyIsAccepted) {
  ::setenv("REQUIRE_AUTH_KEY", "false", 1);
  auto host = load("{}");
  Json body = previewBody("x");
  body["key"] = 5;
  EXPECT_EQ(put(host, body.dump()).status, 200);
  EXPECT_EQ(put(host, R"({"key":""})").status, 400);
}

TEST_F(Routes, NoAuthKeyConfiguredRejectsEverything) {
  auto host = load("{}");
  EXPECT_EQ(put(host, previewBody("static-key").dump()).status, 403);
  EXPECT_EQ(put(host, previewBody("undefined").dump()).status, 403);
}

TEST_F(Routes, PreviewCodesMissingOrOfTheWrongLengthGetAFreshCode) {
  auto host = load();
  Json body = previewBody("static-key");
  body.erase("previewCode");
  EXPECT_EQ(codeOf(put(host, body.dump())).size(), 6u);  // upstream: "undefined" + 6
  for (const Json& code : {Json("ABC"), Json(""), Json(nullptr), Json(123456), Json("ABCDEFG"),
                           Json::array({"a", "b", "c", "d", "e", "f"})}) {
    body["previewCode"] = code;
    const std::string fresh = codeOf(put(host, body.dump()));
    EXPECT_EQ(fresh.size(), 6u) << code.dump();
    EXPECT_NE(fresh, "ABCDEFG");
    EXPECT_EQ(host.call("GET", "/preview/" + fresh).status, 200);
  }
}

TEST_F(Routes, ASixCharacterCodeIsKeptAndReplacedByItsOwner) {
  auto host = load();
  Json body = previewBody("static-key", "abc123");
  EXPECT_EQ(codeOf(put(host, body.dump())), "abc123");
  body["leftTeam"]["name"] = "Renamed";
  EXPECT_EQ(codeOf(put(host, body.dump())), "abc123");
  EXPECT_EQ(Json::parse(host.call("GET", "/preview/abc123").body)["teams"][0]["teamName"],
            "Renamed");
  // Six UTF-16 units, more bytes.
  body["previewCode"] = "\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4";
  EXPECT_EQ(codeOf(put(host, body.dump())), body["previewCode"]);
  EXPECT_EQ(host.call("GET", "/preview/%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4").status, 200);
}

TEST_F(Routes, AnotherOwnersCodeIsNotHijacked) {
  auto host = load();
  auto issued = host.command({"key", "create", "--org-name", "Other Org"});
  ASSERT_EQ(issued.code, 0) << issued.err;
  const std::string otherKey = issued.out.substr(0, issued.out.size() - 1);
  EXPECT_EQ(codeOf(put(host, previewBody("static-key", "OWNED1").dump())), "OWNED1");
  Json hijack = previewBody(otherKey, "OWNED1");
  hijack["leftTeam"]["name"] = "Hijacked";
  const std::string fresh = codeOf(put(host, hijack.dump()));
  EXPECT_NE(fresh, "OWNED1");
  EXPECT_EQ(Json::parse(host.call("GET", "/preview/OWNED1").body)["teams"][0]["teamName"], "Left");
  EXPECT_EQ(Json::parse(host.call("GET", "/preview/" + fresh).body)["teams"][0]["teamName"],
            "Hijacked");
  // Once the owner's preview expired, the code is free for anyone.
  host.advance(minutes(10));
  EXPECT_EQ(codeOf(put(host, hijack.dump())), "OWNED1");
}

// --- GET /preview/{previewCode} --------------------------------------------------------------

TEST_F(Routes, PreviewCodeFormatAndCaseSensitivity) {
  auto host = load();
  ASSERT_EQ(codeOf(put(host, previewBody("static-key", "AbC123").dump())), "AbC123");
  for (const char* bad :
       {"/preview/ABC12", "/preview/ABC1234", "/preview/a", "/preview/%FF%FF%FF%FF%FF%FF"}) {
    const auto r = host.call("GET", bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.body, R"({"error":"Invalid preview code format"})");
  }
  EXPECT_EQ(host.call("GET", "/preview/AbC123").status, 200);
  EXPECT_EQ(host.call("GET", "/PREVIEW/AbC123/").status, 200);  // path matching is not the code
  for (const char* other : {"/preview/abc123", "/preview/ABC123", "/preview/ZZZZZZ"}) {
    const auto r = host.call("GET", other);
    EXPECT_EQ(r.status, 404) << other;
    EXPECT_EQ(r.body, R"({"error":"Preview not found"})");
  }
}

TEST_F(Routes, PreviewsExpireTenMinutesAfterTheLatestPut) {
  auto host = load();
  const std::string code = codeOf(put(host, previewBody("static-key").dump()));
  host.advance(minutes(10) - seconds(1));
  EXPECT_EQ(host.call("GET", "/preview/" + code).status, 200);
  host.advance(seconds(2));
  EXPECT_EQ(host.call("GET", "/preview/" + code).status, 404);

  const std::string again = codeOf(put(host, previewBody("static-key", "RENEW1").dump()));
  host.advance(minutes(6));
  put(host, previewBody("static-key", again).dump());  // restarts the 10 minutes
  host.advance(minutes(9));
  EXPECT_EQ(host.call("GET", "/preview/" + again).status, 200);
  host.advance(minutes(1) + seconds(1));
  EXPECT_EQ(host.call("GET", "/preview/" + again).status, 404);
}

TEST_F(Routes, TheSweepDeletesExpiredRows) {
  auto host = load(R"({"auth_key": "static-key", "sweep_interval_ms": 60000})");
  put(host, previewBody("static-key").dump());
  EXPECT_EQ(host.sql("SELECT COUNT(*) FROM spectra_previews").rows[0][0].int64, 1);
  host.advance(minutes(11));
  EXPECT_EQ(host.sql("SELECT COUNT(*) FROM spectra_previews").rows[0][0].int64, 0);
}

TEST_F(Routes, PreviewsSurviveARestart) {
  char dir[] = "/tmp/spectra-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  FakeHost::Options options;
  options.name = "spectra";
  options.databasePath = std::string(dir) + "/spectra.db";
  std::string code;
  {
    auto host = FakeHost::load<SpectraPlugin>(R"({"auth_key": "static-key"})", options);
    code = codeOf(put(host, previewBody("static-key").dump()));
  }
  auto host = FakeHost::load<SpectraPlugin>(R"({"auth_key": "static-key"})", options);
  EXPECT_EQ(host.call("GET", "/preview/" + code).status, 200);
  std::filesystem::remove_all(dir);
}

// --- GET /getOrgForKey -------------------------------------------------------------------------

TEST_F(Routes, OrgForKeyNeedsOneStringKey) {
  auto host = load();
  for (const char* target :
       {"/getOrgForKey", "/getOrgForKey?key=", "/getOrgForKey?key=a&key=b",
        "/getOrgForKey?key[a]=1", "/getOrgForKey?key[]=a", "/getOrgForKey?KEY=a"}) {
    const auto r = host.call("GET", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.body, R"({"error":"Key is required"})");
  }
}

TEST_F(Routes, OrgForKeyIgnoresTheStaticKeyAsUpstream) {
  auto host = load();
  const auto r = host.call("GET", "/getOrgForKey?key=static-key");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.body, "401 Unauthorized");
}

TEST_F(Routes, OrgForKeyAnswersForOperatorKeys) {
  auto host = load();
  auto issued =
      host.command({"key", "create", "--org-name", "Acme", "--org-id", "acme-1", "--supporter"});
  ASSERT_EQ(issued.code, 0);
  const std::string key = issued.out.substr(0, issued.out.size() - 1);
  const auto r = host.call("GET", "/getOrgForKey?key=" + key);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"id":"acme-1","name":"Acme","isSupporter":true})");
  EXPECT_EQ(put(host, previewBody(key).dump()).status, 200);
  ASSERT_EQ(host.command({"key", "revoke", "1"}).code, 0);
  EXPECT_EQ(host.call("GET", "/getOrgForKey?key=" + key).status, 401);
  EXPECT_EQ(put(host, previewBody(key).dump()).status, 403);
}

// --- GET /getTeamInfoForCode -------------------------------------------------------------------

TEST_F(Routes, TeamInfoNeedsOneStringCode) {
  auto host = load();
  for (const char* target :
       {"/getTeamInfoForCode", "/getTeamInfoForCode?groupCode=",
        "/getTeamInfoForCode?groupCode=A&groupCode=B", "/getTeamInfoForCode?groupCode[x]=1"}) {
    const auto r = host.call("GET", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.body, R"({"error":"Group code is required"})");
  }
  for (const char* code : {"NOPE42", "__proto__", "constructor", "toString"}) {
    const auto r = host.call("GET", std::string("/getTeamInfoForCode?groupCode=") + code);
    EXPECT_EQ(r.status, 404) << code;
    EXPECT_EQ(r.body, R"({"error":"Group code not found"})");
  }
}

TEST_F(Routes, DemoDataAnswersEveryRoute) {
  auto host = load(R"({"demo": true})");
  const auto info =
      host.call("GET", std::string("/getTeamInfoForCode?groupCode=") + DemoData::kGroupCode);
  ASSERT_EQ(info.status, 200);
  EXPECT_EQ(
      info.body,
      R"({"leftTeam":{"name":"Demo Left","tricode":"DML","url":"https://auto.valospectra.com/assets/misc/icon.webp","attackStart":true},)"
      R"("rightTeam":{"name":"Demo Right","tricode":"DMR","url":"https://auto.valospectra.com/assets/misc/icon.webp","attackStart":false},)"
      R"("higherScore":0,"tournamentInfo":{"name":"Demo Cup","logoUrl":"","backdropUrl":""},)"
      R"("sponsorInfo":{"enabled":false,"duration":5,"sponsors":[]},"isSupporter":false})");
  EXPECT_EQ(host.call("GET", "/getteaminfoforcode?groupCode=dem042").status,
            404);  // case-sensitive
  EXPECT_EQ(host.call("GET", std::string("/getOrgForKey?key=") + DemoData::kKey).body,
            R"({"id":"demo","name":"Spectra Demo","isSupporter":false})");
  EXPECT_EQ(put(host, previewBody(DemoData::kKey).dump()).status, 200);
  bool logged = false;
  for (const auto& line : host.logs()) logged |= line.find(DemoData::kKey) != std::string::npos;
  EXPECT_TRUE(logged);
  // The demo match is kept alive while demo mode is on.
  host.advance(std::chrono::hours(3));
  EXPECT_EQ(
      host.call("GET", std::string("/getTeamInfoForCode?groupCode=") + DemoData::kGroupCode).status,
      200);
}

TEST_F(Routes, TurningDemoOffRemovesTheDemoKey) {
  char dir[] = "/tmp/spectra-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  FakeHost::Options options;
  options.name = "spectra";
  options.databasePath = std::string(dir) + "/spectra.db";
  { auto host = FakeHost::load<SpectraPlugin>(R"({"demo": true})", options); }
  auto host = FakeHost::load<SpectraPlugin>(R"({"demo": false})", options);
  EXPECT_EQ(host.call("GET", std::string("/getOrgForKey?key=") + DemoData::kKey).status, 401);
  std::filesystem::remove_all(dir);
}

// --- config -------------------------------------------------------------------------------------

TEST_F(Routes, ConfigIsStrictAndEnvironmentWins) {
  EXPECT_EQ(FakeHost::validate<SpectraPlugin>(R"({"auth_kye": "x"})"),
            std::vector<std::string>{"/auth_kye: unknown key"});
  EXPECT_EQ(FakeHost::validate<SpectraPlugin>(R"({"key_backend": {"enabled": true}})"),
            std::vector<std::string>{
                "/key_backend/url: the key backend is enabled (USE_BACKEND=true or "
                "key_backend.enabled) but has no URL (BACKEND_URL or key_backend.url)"});
  EXPECT_EQ(FakeHost::validate<SpectraPlugin>(R"({"key_backend": {"url": "ftp://x"}})").size(), 1u);
  EXPECT_TRUE(
      FakeHost::validate<SpectraPlugin>(
          R"({"require_auth_key": true, "auth_key": "a", "demo": true, "preview_ttl_ms": 600000,
                      "team_info_ttl_ms": 3600000, "live_match_idle_ms": 1800000, "sweep_interval_ms": 60000,
                      "key_backend": {"enabled": true, "url": "https://b.example", "token": "t",
                      "supporter_check_url": "https://s.example", "connect_timeout_ms": 1000, "timeout_ms": 3000}})")
          .empty());
  ::setenv("USE_BACKEND", "true", 1);
  EXPECT_EQ(FakeHost::validate<SpectraPlugin>("{}").size(), 1u);  // no BACKEND_URL
  ::setenv("BACKEND_URL", "http://127.0.0.1:9", 1);
  EXPECT_TRUE(FakeHost::validate<SpectraPlugin>("{}").empty());
  ::setenv("USE_BACKEND", "yes", 1);  // only "true" enables, as upstream
  ::unsetenv("BACKEND_URL");
  EXPECT_TRUE(FakeHost::validate<SpectraPlugin>(R"({"key_backend": {"enabled": true}})").empty());

  ::setenv("AUTH_KEY", "from-env", 1);
  auto host = load(R"({"auth_key": "from-config"})");
  EXPECT_EQ(put(host, previewBody("from-env").dump()).status, 200);
  EXPECT_EQ(put(host, previewBody("from-config").dump()).status, 403);
}

}  // namespace
}  // namespace spectra::testing
