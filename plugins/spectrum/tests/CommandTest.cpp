// Operator commands: projects (secret printed once), the number pool, events; demo data.
#include "SpectrumTestSupport.hpp"

#include <regex>

namespace spectrum::test {
namespace {

TEST(Command, ProjectCreateListShow) {
  SpectrumHost s;
  auto r =
      s.host().command({"project", "create", "--name", "Acme", "--profile", R"({"tier":"pro"})"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(r.out, m, std::regex("id: ([0-9a-f-]{36})\nsecret: ([0-9a-f]{64})\n")));
  const std::string id = m[1];
  const std::string secret = m[2];  // m points into r.out, which the next command replaces
  r = s.host().command({"project", "list"});
  EXPECT_NE(r.out.find(id), std::string::npos);
  EXPECT_EQ(r.out.find(secret), std::string::npos);  // never shown again
  r = s.host().command({"project", "show", id});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("\"tier\": \"pro\""), std::string::npos) << r.out;
  EXPECT_EQ(s.host().command({"project", "show", "6a4d2e8c-7b1f-4d3a-9a8e-2c5d6f7e8a9b"}).code, 1);
  // The credential store holds it under realm spectrum, subject = project id.
  const auto creds = s.host().credentials().list("spectrum");
  ASSERT_EQ(creds.size(), 1u);
  EXPECT_EQ(creds[0].subject, id);
}

TEST(Command, RegenerateSecretByCli) {
  SpectrumHost s;
  const TestProject p = s.createProject();
  const auto r = s.host().command({"project", "regenerate-secret", p.id});
  ASSERT_EQ(r.code, 0) << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("secret: ([0-9a-f]{64})")));
  expectError(s.as(p, "GET", "/projects/" + p.id + "/"), 401, "unauthorized");
  EXPECT_EQ(s.as({p.id, m[1]}, "GET", "/projects/" + p.id + "/").status, 200);
}

TEST(Command, UsageErrors) {
  SpectrumHost s;
  EXPECT_EQ(s.host().command({}).code, 2);
  EXPECT_EQ(s.host().command({"bogus"}).code, 2);
  EXPECT_EQ(s.host().command({"project", "create"}).code, 2);
  EXPECT_EQ(s.host().command({"project", "create", "--name", "x", "--profile", "[]"}).code, 2);
  EXPECT_EQ(s.host().command({"pool", "add", "dedicated", "12345"}).code, 2);
  EXPECT_EQ(s.host().command({"pool", "add", "vip", "+15550100001"}).code, 2);
  EXPECT_EQ(s.host().command({"event", "emit", "nope", "x"}).code, 1);
  EXPECT_NE(s.host().command({"help"}).out.find("project create"), std::string::npos);
}

TEST(Command, PoolManagement) {
  SpectrumHost s;
  EXPECT_EQ(s.host().command({"line", "add-number", "+15550100001", "+15550100002"}).code, 0);
  EXPECT_EQ(s.host().command({"pool", "add", "shared", "+15550200001"}).code, 0);
  auto r = s.host().command({"pool", "add", "shared", "+15550200001"});
  EXPECT_NE(r.out.find("already in the pool"), std::string::npos);
  const TestProject p = s.createProject();
  ASSERT_EQ(s.as(p, "POST", "/projects/" + p.id + "/lines/", R"({"platform":"imessage"})").status,
            200);
  r = s.host().command({"pool", "list"});
  EXPECT_NE(r.out.find("+15550100001\tdedicated\tline of " + p.id), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+15550100002\tdedicated\tfree"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+15550200001\tshared\t0 shared user(s)"), std::string::npos) << r.out;
  EXPECT_EQ(s.host().command({"pool", "remove", "+15550100001"}).code, 1);  // held by a line
  EXPECT_EQ(s.host().command({"pool", "remove", "+15550100002"}).code, 0);
  EXPECT_EQ(s.host().command({"pool", "remove", "+15550100002"}).code, 1);
}

TEST(Command, DemoDataIsSeededOnceAndItsSecretLogged) {
  FakeHost::Options options;
  auto host = FakeHost::load<SpectrumPlugin>(R"({"demo":true,"delivery":{"workers":0}})", options);
  std::string line;
  for (const auto& l : host.logs())
    if (l.find("demo project created") != std::string::npos) line = l;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex("id=([0-9a-f-]{36}) secret=([0-9a-f]{64})")));
  EXPECT_EQ(host.sql("SELECT COUNT(*) FROM spectrum_users").rows[0][0].int64, 2);
  EXPECT_EQ(host.sql("SELECT COUNT(*) FROM spectrum_lines").rows[0][0].int64, 1);
}

}  // namespace
}  // namespace spectrum::test
