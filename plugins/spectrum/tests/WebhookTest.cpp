// /projects/{p}/webhooks/: list, create, delete (Photon's documented semantics).
#include "SpectrumTestSupport.hpp"

#include <regex>

namespace spectrum::test {
namespace {

class Webhooks : public ::testing::Test {
 protected:
  SpectrumHost s;
  TestProject p = s.createProject();
  std::string base = "/projects/" + p.id + "/webhooks/";

  FakeResponse create(const std::string& url) {
    return s.as(p, "POST", base, nlohmann::json{{"webhookUrl", url}}.dump());
  }
};

TEST_F(Webhooks, EmptyListIsABareArray) {
  const auto r = s.as(p, "GET", base);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"succeed":true,"data":[]})");
  EXPECT_EQ(s.as(p, "GET", "/projects/" + p.id + "/webhooks").body, r.body);
}

TEST_F(Webhooks, CreateReturnsTheSigningSecretOnce) {
  const auto r = create("https://your-app.com/spectrum-webhook");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto data = bodyOf(r)["data"];
  std::vector<std::string> keys;
  for (auto it = data.begin(); it != data.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(data.size(), 5u);
  EXPECT_TRUE(
      std::regex_match(data["signingSecret"].get<std::string>(), std::regex("[0-9a-f]{64}")));
  EXPECT_EQ(data["webhookUrl"], "https://your-app.com/spectrum-webhook");
  EXPECT_EQ(data["createdAt"], data["updatedAt"]);
  EXPECT_EQ(r.body.find("\"id\""), r.body.find("{\"id\"") + 1);

  const auto list = bodyOf(s.as(p, "GET", base))["data"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], data["id"]);
  EXPECT_FALSE(list[0].contains("signingSecret"));
}

TEST_F(Webhooks, ListIsOldestFirst) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(bodyOf(create("https://example.com/" + std::to_string(i)))["data"]["id"]);
    if (i == 2) s.host().advance(std::chrono::milliseconds(5));
  }
  const auto list = bodyOf(s.as(p, "GET", base))["data"];
  ASSERT_EQ(list.size(), 5u);
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(list[i]["id"], ids[i]);
}

TEST_F(Webhooks, DuplicateActiveUrlIs409) {
  ASSERT_EQ(create("https://example.com/hook").status, 200);
  const auto r = create("https://example.com/hook");
  expectError(r, 409, "conflict");
  EXPECT_EQ(bodyOf(r)["message"], "Webhook with this URL already exists");
  // Exact string comparison: another spelling is another registration.
  EXPECT_EQ(create("https://example.com/hook/").status, 200);
  // Another project may use the same URL.
  const TestProject other = s.createProject("Other");
  EXPECT_EQ(s.as(other, "POST", "/projects/" + other.id + "/webhooks",
                 R"({"webhookUrl":"https://example.com/hook"})")
                .status,
            200);
}

TEST_F(Webhooks, InvalidUrlsAre422WithTheDocumentedMessage) {
  for (const std::string& body : std::vector<std::string>{
           R"({})", R"({"webhookUrl":""})", R"({"webhookUrl":null})", R"({"webhookUrl":42})",
           R"({"webhookUrl":["https://example.com"]})", R"({"webhookUrl":"not a url"})",
           R"({"webhookUrl":"ftp://example.com/x"})", R"j({"webhookUrl":"javascript:alert(1)"})j",
           R"({"webhookUrl":"https://exämple.com/"})", R"({"webhookUrl":"https://"})",
           "{\"webhookUrl\":\"https://example.com/" + std::string(5000, 'a') + "\"}"}) {
    const auto r = s.as(p, "POST", base, body);
    expectError(r, 422, "validation_error");
    EXPECT_EQ(bodyOf(r)["message"], "webhookUrl must be a valid URL") << body;
  }
  for (const std::string& body : std::vector<std::string>{
           "", "not json", "[]", "\"https://example.com\"", "{\"webhookUrl\":"})
    expectError(s.as(p, "POST", base, body), 422, "validation_error");
  // http:// is accepted at registration (deliveries enforce HTTPS).
  EXPECT_EQ(create("http://example.com/hook").status, 200);
  // Extra fields are ignored.
  EXPECT_EQ(s.as(p, "POST", base, R"({"webhookUrl":"https://example.com/x","extra":[1,2]})").status,
            200);
}

TEST_F(Webhooks, DeleteIsSoftAndRepeatIs404) {
  const std::string id = bodyOf(create("https://example.com/hook"))["data"]["id"];
  auto r = s.as(p, "DELETE", base + id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, R"({"succeed":true,"data":{"id":")" + id + R"("}})");
  expectError(s.as(p, "DELETE", base + id + "/"), 404, "not_found");
  EXPECT_EQ(bodyOf(s.as(p, "GET", base))["data"].size(), 0u);
  // The URL may be registered again: a new id and a new secret.
  const auto again = bodyOf(create("https://example.com/hook"))["data"];
  EXPECT_NE(again["id"], id);
  // Still in storage with deleted_ms set.
  EXPECT_EQ(s.host()
                .sql("SELECT COUNT(*) FROM spectrum_webhooks WHERE deleted_ms IS NOT NULL")
                .rows[0][0]
                .int64,
            1);
}

TEST_F(Webhooks, DeleteChecksTheIdAndTheProject) {
  expectError(s.as(p, "DELETE", base + "not-a-uuid"), 422, "validation_error");
  expectError(s.as(p, "DELETE", base + "6a4d2e8c-7b1f-4d3a-9a8e-2c5d6f7e8a9b"), 404, "not_found");
  const TestProject other = s.createProject("Other");
  const std::string id = bodyOf(s.as(other, "POST", "/projects/" + other.id + "/webhooks/",
                                     R"({"webhookUrl":"https://example.com/o"})"))["data"]["id"];
  expectError(s.as(p, "DELETE", base + id), 404, "not_found");
  EXPECT_EQ(s.as(other, "DELETE", "/projects/" + other.id + "/webhooks/" + id).status, 200);
}

TEST_F(Webhooks, TestEventForUnknownWebhookIs404) {
  expectError(s.as(p, "POST", base + "6a4d2e8c-7b1f-4d3a-9a8e-2c5d6f7e8a9b/test"), 404,
              "not_found");
  expectError(s.as(p, "POST", base + "nope/test"), 422, "validation_error");
}

}  // namespace
}  // namespace spectrum::test
