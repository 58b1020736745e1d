// /platforms/ and /lines/ (including lines/route and billing figures).
#include "SpectrumTestSupport.hpp"

namespace spectrum::test {
namespace {

class PlatformsAndLines : public ::testing::Test {
 protected:
  // A slow delivery poll: AddAndRemoveLinesWithBilling moves the clock by a day.
  SpectrumHost s{nlohmann::json{{"billing", {{"line_price_cents", 3100}}},
                                {"delivery", {{"poll_interval_ms", 60000}}}}};
  TestProject p = s.createProject();
  std::string base = "/projects/" + p.id;
};

TEST_F(PlatformsAndLines, PlatformsMapStartsDisabled) {
  const auto r = s.as(p, "GET", base + "/platforms/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(
      r.body,
      R"({"succeed":true,"data":{"imessage":{"enabled":false},"whatsapp_business":{"enabled":false},"slack":{"enabled":false},"voice":{"enabled":false}}})");
  EXPECT_EQ(s.as(p, "GET", base + "/platforms").body, r.body);
}

TEST_F(PlatformsAndLines, PatchTogglesOnePlatformAndReturnsTheMap) {
  auto r = s.as(p, "PATCH", base + "/platforms/", R"({"platform":"slack","enabled":true})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto data = bodyOf(r)["data"];
  EXPECT_EQ(data["slack"]["enabled"], true);
  EXPECT_EQ(data["imessage"]["enabled"], false);
  EXPECT_EQ(data.size(), 4u);
  r = s.as(p, "PATCH", base + "/platforms", R"({"platform":"slack","enabled":false,"x":1})");
  EXPECT_EQ(bodyOf(r)["data"]["slack"]["enabled"], false);
  EXPECT_EQ(bodyOf(s.as(p, "GET", base + "/platforms/"))["data"]["slack"]["enabled"], false);
}

TEST_F(PlatformsAndLines, PatchValidation) {
  for (const std::string& body : std::vector<std::string>{
           R"({"platform":"telegram","enabled":true})", R"({"platform":"slack"})",
           R"({"platform":"slack","enabled":"true"})", R"({"platform":"slack","enabled":1})",
           R"({"enabled":true})", R"({"platform":7,"enabled":true})",
           R"({"platform":"SLACK","enabled":true})", "[]", "nope", ""}) {
    expectError(s.as(p, "PATCH", base + "/platforms/", body), 422, "validation_error");
  }
  const auto r =
      s.as(p, "PATCH", base + "/platforms/", R"({"platform":"telegram","enabled":true})");
  EXPECT_EQ(bodyOf(r)["message"],
            "platform must be one of: imessage, whatsapp_business, slack, voice");
}

TEST_F(PlatformsAndLines, LinesListIsWrapped) {
  const auto r = s.as(p, "GET", base + "/lines/");
  EXPECT_EQ(r.body, R"({"succeed":true,"data":{"lines":[]}})");
}

TEST_F(PlatformsAndLines, AddLineWithAnEmptyPoolIs409) {
  const auto r = s.as(p, "POST", base + "/lines/", R"({"platform":"imessage"})");
  expectError(r, 409, "pool_exhausted");
}

TEST_F(PlatformsAndLines, AddAndRemoveLinesWithBilling) {
  s.addPool("dedicated", "+15550100001");
  s.addPool("dedicated", "+15550100002");
  auto r = s.as(p, "POST", base + "/lines/", R"({"platform":"imessage"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto data = bodyOf(r)["data"];
  EXPECT_EQ(data["line"]["platform"], "imessage");
  EXPECT_EQ(data["line"]["phoneNumber"], "+15550100001");
  EXPECT_EQ(data["billing"], (nlohmann::json{{"quantity", 1}, {"prorationAmount", 3100}}));
  const std::string first = data["line"]["id"];

  s.host().advance(std::chrono::hours(24));
  data = bodyOf(s.as(p, "POST", base + "/lines", R"({"platform":"imessage"})"))["data"];
  EXPECT_EQ(data["line"]["phoneNumber"], "+15550100002");
  EXPECT_EQ(data["billing"], (nlohmann::json{{"quantity", 2}, {"prorationAmount", 3000}}));
  expectError(s.as(p, "POST", base + "/lines/", R"({"platform":"imessage"})"), 409,
              "pool_exhausted");

  auto lines = bodyOf(s.as(p, "GET", base + "/lines/?platform=imessage"))["data"]["lines"];
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["id"], first);
  EXPECT_EQ(lines[0].size(), 4u);
  EXPECT_EQ(bodyOf(s.as(p, "GET", base + "/lines/?platform=slack"))["data"]["lines"].size(), 0u);
  expectError(s.as(p, "GET", base + "/lines/?platform=fax"), 422, "validation_error");

  r = s.as(p, "DELETE", base + "/lines/" + first);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body,
            R"({"succeed":true,"data":{"billing":{"quantity":1,"prorationAmount":-3000}}})");
  expectError(s.as(p, "DELETE", base + "/lines/" + first + "/"), 404, "not_found");
  expectError(s.as(p, "DELETE", base + "/lines/12345"), 422, "validation_error");
  // The number went back to the pool.
  data = bodyOf(s.as(p, "POST", base + "/lines/", R"({"platform":"imessage"})"))["data"];
  EXPECT_EQ(data["line"]["phoneNumber"], "+15550100001");
}

TEST_F(PlatformsAndLines, AddLineValidation) {
  s.addPool("dedicated", "+15550100001");
  for (const std::string& body : std::vector<std::string>{
           R"({"platform":"whatsapp_business"})", R"({"platform":"slack"})", R"({})",
           R"({"platform":null})", R"({"platform":true})", "not json", "[\"imessage\"]"})
    expectError(s.as(p, "POST", base + "/lines/", body), 422, "validation_error");
}

TEST_F(PlatformsAndLines, LinesOfAnotherProjectAreInvisible) {
  s.addPool("dedicated", "+15550100001");
  const std::string id =
      bodyOf(s.as(p, "POST", base + "/lines/", R"({"platform":"imessage"})"))["data"]["line"]["id"];
  const TestProject other = s.createProject("Other");
  EXPECT_EQ(bodyOf(s.as(other, "GET", "/projects/" + other.id + "/lines"))["data"]["lines"].size(),
            0u);
  expectError(s.as(other, "DELETE", "/projects/" + other.id + "/lines/" + id), 404, "not_found");
}

TEST_F(PlatformsAndLines, RoutePicksTheLeastLoadedLine) {
  expectError(s.as(p, "GET", base + "/lines/route"), 404, "not_found");
  s.addPool("dedicated", "+15550100001");
  s.addPool("dedicated", "+15550100002");
  ASSERT_EQ(s.as(p, "POST", base + "/lines/", R"({"platform":"imessage"})").status, 200);
  ASSERT_EQ(s.as(p, "POST", base + "/lines/", R"({"platform":"imessage"})").status, 200);
  ASSERT_EQ(
      s.as(p, "POST", base + "/users/",
           R"({"type":"dedicated","phoneNumber":"+14155550100","assignedPhoneNumber":"+15550100001"})")
          .status,
      200);
  const auto r = s.as(p, "GET", base + "/lines/route/");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto data = bodyOf(r)["data"];
  EXPECT_EQ(data["phoneNumber"], "+15550100002");
  EXPECT_EQ(data["isBestAvailable"], true);
  EXPECT_EQ(data["userCount"], 0);
}

}  // namespace
}  // namespace spectrum::test
