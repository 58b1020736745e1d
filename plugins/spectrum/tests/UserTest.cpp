// /projects/{p}/users/: validation, idempotency, filters, soft delete.
#include "SpectrumTestSupport.hpp"

namespace spectrum::test {
namespace {

class Users : public ::testing::Test {
 protected:
  Users() {
    s.addPool("shared", "+15550200001");
    s.addPool("shared", "+15550200002");
    s.addPool("dedicated", "+15550100001");
    s.addPool("dedicated", "+15550100002");
  }
  FakeResponse post(const nlohmann::json& body) { return s.as(p, "POST", base, body.dump()); }
  std::string addLine() {
    return bodyOf(s.as(p, "POST", "/projects/" + p.id + "/lines/",
                       R"({"platform":"imessage"})"))["data"]["line"]["phoneNumber"];
  }

  SpectrumHost s{nlohmann::json{{"max_shared_users", 3}}};
  TestProject p = s.createProject();
  std::string base = "/projects/" + p.id + "/users/";
};

TEST_F(Users, CreateSharedUserAssignsAPoolNumber) {
  const auto r = post({{"type", "shared"},
                       {"phoneNumber", "+14155550123"},
                       {"firstName", "Ada"},
                       {"email", "ada@example.com"},
                       {"meta", {{"plan", "pro"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto u = bodyOf(r)["data"];
  EXPECT_EQ(u["projectId"], p.id);
  EXPECT_EQ(u["type"], "shared");
  EXPECT_EQ(u["firstName"], "Ada");
  EXPECT_TRUE(u["lastName"].is_null());
  EXPECT_EQ(u["email"], "ada@example.com");
  EXPECT_EQ(u["phoneNumber"], "+14155550123");
  EXPECT_EQ(u["assignedPhoneNumber"], "+15550200001");
  EXPECT_EQ(u["meta"]["plan"], "pro");
  EXPECT_EQ(u["createdAt"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(r.body.rfind("{\"succeed\":true,\"data\":{\"id\":", 0), 0u);
  // The next shared user goes to the less used shared number.
  const auto second = bodyOf(post({{"type", "shared"}, {"phoneNumber", "+14155550124"}}))["data"];
  EXPECT_EQ(second["assignedPhoneNumber"], "+15550200002");
}

TEST_F(Users, SharedUserIsFoundAgainByPhoneOrEmail) {
  const auto first = bodyOf(post(
      {{"type", "shared"}, {"phoneNumber", "+14155550123"}, {"email", "ada@example.com"}}))["data"];
  auto again = post({{"type", "shared"}, {"phoneNumber", "+14155550123"}, {"firstName", "X"}});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(bodyOf(again)["data"]["id"], first["id"]);
  EXPECT_TRUE(bodyOf(again)["data"]["firstName"].is_null());  // the existing record, unchanged
  again = post({{"type", "shared"}, {"phoneNumber", "+14155550999"}, {"email", "ada@example.com"}});
  EXPECT_EQ(bodyOf(again)["data"]["id"], first["id"]);
  EXPECT_EQ(bodyOf(s.as(p, "GET", base))["data"]["users"].size(), 1u);
}

TEST_F(Users, MaxSharedUsersIs409) {
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(post({{"type", "shared"}, {"phoneNumber", "+1415555010" + std::to_string(i)}}).status,
              200);
  expectError(post({{"type", "shared"}, {"phoneNumber", "+14155550109"}}), 409, "max_shared_users");
  // An existing one is still returned.
  EXPECT_EQ(post({{"type", "shared"}, {"phoneNumber", "+14155550100"}}).status, 200);
}

TEST_F(Users, SharedPoolExhaustedIs409) {
  SpectrumHost bare;
  const TestProject q = bare.createProject();
  expectError(bare.as(q, "POST", "/projects/" + q.id + "/users",
                      R"({"type":"shared","phoneNumber":"+14155550123"})"),
              409, "pool_exhausted");
}

TEST_F(Users, DedicatedUsersAreIdempotentOnThePhonePair) {
  const std::string line1 = addLine();
  const std::string line2 = addLine();
  const auto a = bodyOf(post({{"type", "dedicated"},
                              {"phoneNumber", "+14155550123"},
                              {"assignedPhoneNumber", line1}}))["data"];
  EXPECT_EQ(a["type"], "dedicated");
  EXPECT_EQ(a["assignedPhoneNumber"], line1);
  const auto same = bodyOf(post({{"type", "dedicated"},
                                 {"phoneNumber", "+14155550123"},
                                 {"assignedPhoneNumber", line1}}))["data"];
  EXPECT_EQ(same["id"], a["id"]);
  const auto other = bodyOf(post({{"type", "dedicated"},
                                  {"phoneNumber", "+14155550123"},
                                  {"assignedPhoneNumber", line2}}))["data"];
  EXPECT_NE(other["id"], a["id"]);
}

TEST_F(Users, DedicatedNeedsALineOfTheProject) {
  expectError(post({{"type", "dedicated"}, {"phoneNumber", "+14155550123"}}), 422,
              "validation_error");
  expectError(post({{"type", "dedicated"},
                    {"phoneNumber", "+14155550123"},
                    {"assignedPhoneNumber", "+15550100001"}}),
              422, "validation_error");  // in the pool, but not a line of the project
  expectError(
      post({{"type", "dedicated"}, {"phoneNumber", "+14155550123"}, {"assignedPhoneNumber", "12"}}),
      422, "validation_error");
}

TEST_F(Users, Validation) {
  const std::string longName(300, 'x');
  for (const nlohmann::json& body : std::vector<nlohmann::json>{
           {{"phoneNumber", "+14155550123"}},
           {{"type", "vip"}, {"phoneNumber", "+14155550123"}},
           {{"type", "shared"}},
           {{"type", "shared"}, {"phoneNumber", "4155550123"}},
           {{"type", "shared"}, {"phoneNumber", "+1 415 555 0123"}},
           {{"type", "shared"}, {"phoneNumber", 14155550123LL}},
           {{"type", "shared"}, {"phoneNumber", "+14155550123"}, {"email", "nope"}},
           {{"type", "shared"}, {"phoneNumber", "+14155550123"}, {"email", 5}},
           {{"type", "shared"}, {"phoneNumber", "+14155550123"}, {"firstName", 5}},
           {{"type", "shared"}, {"phoneNumber", "+14155550123"}, {"firstName", longName}},
           {{"type", "shared"}, {"phoneNumber", "+14155550123"}, {"lastName", {{"a", 1}}}},
           {{"type", "shared"}, {"phoneNumber", "+14155550123"}, {"meta", "x"}},
           {{"type", "shared"},
            {"phoneNumber", "+14155550123"},
            {"meta", {{"big", std::string(20000, 'm')}}}},
           {{"type", true}, {"phoneNumber", "+14155550123"}},
       }) {
    expectError(post(body), 422, "validation_error");
  }
  for (const std::string& raw : std::vector<std::string>{
           "", "{", "[1]", "null", "{\"type\":\"shared\",\"phoneNumber\":\"+1\xc3\"}"})
    expectError(s.as(p, "POST", base, raw), 422, "validation_error");
  EXPECT_EQ(bodyOf(post({{"type", "shared"}}))["message"], "phoneNumber is required");
  EXPECT_EQ(bodyOf(post({{"type", "x"}, {"phoneNumber", "+14155550123"}}))["message"],
            "type must be one of: shared, dedicated");
}

TEST_F(Users, UnicodeNullsAndExtraFieldsAreKept) {
  const auto r = post({{"type", "shared"},
                       {"phoneNumber", "+14155550123"},
                       {"firstName", "Zoë 李 🐝"},
                       {"lastName", nullptr},
                       {"email", nullptr},
                       {"unknownField", {1, 2, 3}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto u = bodyOf(r)["data"];
  EXPECT_EQ(u["firstName"], "Zoë 李 🐝");
  EXPECT_TRUE(u["email"].is_null());
  EXPECT_FALSE(u.contains("unknownField"));
  EXPECT_EQ(bodyOf(s.as(p, "GET", base + u["id"].get<std::string>()))["data"]["firstName"],
            "Zoë 李 🐝");
}

TEST_F(Users, ListFiltersByTypeAndRepeatedIds) {
  const std::string line = addLine();
  const std::string a =
      bodyOf(post({{"type", "shared"}, {"phoneNumber", "+14155550001"}}))["data"]["id"];
  const std::string b =
      bodyOf(post({{"type", "shared"}, {"phoneNumber", "+14155550002"}}))["data"]["id"];
  const std::string c = bodyOf(post({{"type", "dedicated"},
                                     {"phoneNumber", "+14155550003"},
                                     {"assignedPhoneNumber", line}}))["data"]["id"];
  auto users = bodyOf(s.as(p, "GET", base))["data"]["users"];
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0]["id"], a);
  EXPECT_EQ(users[2]["id"], c);
  users = bodyOf(s.as(p, "GET", base + "?type=dedicated"))["data"]["users"];
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]["id"], c);
  users = bodyOf(s.as(p, "GET", base + "?id=" + a + "&id=" + c))["data"]["users"];
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0]["id"], a);
  EXPECT_EQ(users[1]["id"], c);
  users = bodyOf(s.as(p, "GET", base + "?type=shared&id=" + a + "&id=" + c))["data"]["users"];
  ASSERT_EQ(users.size(), 1u);
  expectError(s.as(p, "GET", base + "?type=vip"), 422, "validation_error");
  expectError(s.as(p, "GET", base + "?id=" + a + "&id=nope"), 422, "validation_error");
  (void)b;
}

TEST_F(Users, GetAndSoftDelete) {
  const std::string id =
      bodyOf(post({{"type", "shared"}, {"phoneNumber", "+14155550123"}}))["data"]["id"];
  EXPECT_EQ(bodyOf(s.as(p, "GET", base + id + "/"))["data"]["id"], id);
  EXPECT_EQ(s.as(p, "GET", base + id).status, 200);
  expectError(s.as(p, "GET", base + "not-a-uuid/"), 422, "validation_error");
  expectError(s.as(p, "GET", base + "6a4d2e8c-7b1f-4d3a-9a8e-2c5d6f7e8a9b/"), 404, "not_found");
  const auto r = s.as(p, "DELETE", base + id + "/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"succeed":true,"data":{"id":")" + id + R"("}})");
  expectError(s.as(p, "DELETE", base + id), 404, "not_found");
  expectError(s.as(p, "GET", base + id), 404, "not_found");
  EXPECT_EQ(bodyOf(s.as(p, "GET", base))["data"]["users"].size(), 0u);
  // A deleted shared user is not found again: the same phone makes a new one.
  const std::string again =
      bodyOf(post({{"type", "shared"}, {"phoneNumber", "+14155550123"}}))["data"]["id"];
  EXPECT_NE(again, id);
}

TEST_F(Users, UsersOfAnotherProjectAreInvisible) {
  const std::string id =
      bodyOf(post({{"type", "shared"}, {"phoneNumber", "+14155550123"}}))["data"]["id"];
  const TestProject other = s.createProject("Other");
  const std::string otherBase = "/projects/" + other.id + "/users/";
  expectError(s.as(other, "GET", otherBase + id), 404, "not_found");
  expectError(s.as(other, "DELETE", otherBase + id), 404, "not_found");
  EXPECT_EQ(bodyOf(s.as(other, "GET", otherBase + "?id=" + id))["data"]["users"].size(), 0u);
}

}  // namespace
}  // namespace spectrum::test
