// GET /projects/{p}/, authentication outcomes, envelopes, trailing slashes, secret rotation.
#include "SpectrumTestSupport.hpp"

#include <regex>

namespace spectrum::test {
namespace {

TEST(Project, GetReturnsTheProjectInTheEnvelopeWithAndWithoutSlash) {
  SpectrumHost s;
  const TestProject p = s.createProject("Acme Support");
  for (const std::string& path :
       std::vector<std::string>{"/projects/" + p.id + "/", "/projects/" + p.id}) {
    const auto r = s.as(p, "GET", path);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body.rfind("{\"succeed\":true,\"data\":{\"id\":\"" + p.id + "\"", 0), 0u) << r.body;
    const auto data = bodyOf(r)["data"];
    EXPECT_EQ(data["name"], "Acme Support");
    EXPECT_TRUE(
        std::regex_match(data["slug"].get<std::string>(), std::regex("acme-support-[0-9a-f]{5}")));
    EXPECT_TRUE(data["profile"].is_object());
    EXPECT_EQ(data["createdAt"], "2026-01-01T00:00:00.000Z");
    EXPECT_EQ(r.body.find(p.secret), std::string::npos);
  }
}

TEST(Project, MissingOrWrongCredentialsAre401InTheEnvelope) {
  SpectrumHost s;
  const TestProject p = s.createProject();
  const std::string path = "/projects/" + p.id + "/";
  auto r = s.call("GET", path);
  expectError(r, 401, "unauthorized");
  EXPECT_EQ(bodyOf(r)["message"], "Missing or invalid project credentials");
  EXPECT_TRUE(r.header("WWW-Authenticate").has_value());
  expectError(s.call("GET", path, {}, basicHeader(p.id, "wrong")), 401, "unauthorized");
  expectError(s.call("GET", path, {}, basicHeader(p.id, "")), 401, "unauthorized");
  expectError(s.call("GET", path, {}, "Basic !!!"), 401, "unauthorized");
  expectError(s.call("GET", path, {}, "Bearer " + p.secret), 401, "unauthorized");
  // Unknown paths under /projects are gated too: 401 before 404.
  expectError(s.call("GET", "/projects/" + p.id + "/nothing"), 401, "unauthorized");
}

TEST(Project, CredentialsOfAnotherProjectAre401) {
  SpectrumHost s;
  const TestProject a = s.createProject("A");
  const TestProject b = s.createProject("B");
  expectError(s.as(a, "GET", "/projects/" + b.id + "/"), 401, "unauthorized");
  expectError(s.as(a, "GET", "/projects/" + b.id + "/webhooks/"), 401, "unauthorized");
  // A malformed or unknown path project is simply not the authenticated one.
  expectError(s.as(a, "GET", "/projects/not-a-uuid/"), 401, "unauthorized");
  expectError(s.as(a, "GET", "/projects/6a4d2e8c-7b1f-4d3a-9a8e-2c5d6f7e8a9b/users/"), 401,
              "unauthorized");
  EXPECT_EQ(s.as(b, "GET", "/projects/" + b.id + "/").status, 200);
}

TEST(Project, PathProjectIdIsCaseInsensitive) {
  SpectrumHost s;
  const TestProject p = s.createProject();
  std::string upper = p.id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto r = s.as(p, "GET", "/projects/" + upper + "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(bodyOf(r)["data"]["id"], p.id);
}

TEST(Project, UnknownRoutesAndMethodsAre404NotFound) {
  SpectrumHost s;
  const TestProject p = s.createProject();
  expectError(s.as(p, "GET", "/projects/" + p.id + "/nothing"), 404, "not_found");
  expectError(s.as(p, "PUT", "/projects/" + p.id + "/"), 404, "not_found");
  expectError(s.as(p, "GET", "/projects/" + p.id + "/webhooks/" + p.id), 404, "not_found");
  expectError(s.call("GET", "/elsewhere"), 404, "not_found");
}

TEST(Project, RegenerateSecretInvalidatesTheOldOneAtOnce) {
  SpectrumHost s;
  const TestProject p = s.createProject();
  const auto r = s.as(p, "POST", "/projects/" + p.id + "/regenerate-secret");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto data = bodyOf(r)["data"];
  EXPECT_EQ(data["projectId"], p.id);
  const std::string fresh = data["projectSecret"];
  EXPECT_NE(fresh, p.secret);
  expectError(s.as(p, "GET", "/projects/" + p.id + "/"), 401, "unauthorized");
  EXPECT_EQ(s.as({p.id, fresh}, "GET", "/projects/" + p.id + "/").status, 200);
  // With the trailing slash too.
  EXPECT_EQ(s.as({p.id, fresh}, "POST", "/projects/" + p.id + "/regenerate-secret/").status, 200);
  expectError(s.as({p.id, fresh}, "GET", "/projects/" + p.id), 401, "unauthorized");
}

TEST(Project, RegenerateIssuesANewCredentialWhenTheOldWasRevoked) {
  SpectrumHost s;
  const TestProject p = s.createProject();
  for (const auto& e : s.host().credentials().list("spectrum")) {
    std::string why;
    s.host().credentials().revoke("spectrum", e.id, 0, why);
  }
  expectError(s.as(p, "GET", "/projects/" + p.id + "/"), 401, "unauthorized");
  const auto r = s.host().command({"project", "regenerate-secret", p.id});
  ASSERT_EQ(r.code, 0) << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("secret: ([0-9a-f]+)")));
  EXPECT_EQ(s.as({p.id, m[1]}, "GET", "/projects/" + p.id + "/").status, 200);
}

TEST(Project, HostErrorsUseTheEnvelope) {
  SpectrumHost s;
  const TestProject p = s.createProject();
  s.host().addAuthenticator("basic:spectrum",
                            [](const auto&, auto&) { return apiary::AuthOutcome::Error; });
  expectError(s.as(p, "GET", "/projects/" + p.id + "/"), 503, "unavailable");
}

}  // namespace
}  // namespace spectrum::test
