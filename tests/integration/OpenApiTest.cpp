// /openapi.json and `apiary openapi`: generated from the routes, valid against the official
// OpenAPI 3.1 schema (checked with tests/openapi/validate.mjs when node and its module are
// installed, as .ci/setup does), with path parameters, schemas and security.
#include "HostProcess.h"
#include "HttpClient.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace apiary::test {
namespace {

using Json = nlohmann::ordered_json;

bool validatorInstalled() {
  return std::filesystem::exists(HostProcess::sourceDir() +
                                 "/tests/openapi/node_modules/@seriousme/openapi-schema-validator") &&
         std::system("command -v node >/dev/null 2>&1") == 0;
}

void expectValidOpenApi(const std::string& dir, const std::string& text) {
  if (!validatorInstalled()) {
    ADD_FAILURE() << "the OpenAPI validator is not installed: npm ci --prefix tests/openapi";
    return;
  }
  const std::string file = dir + "/openapi.json";
  std::ofstream(file) << text;
  const std::string cmd = "node " + HostProcess::sourceDir() + "/tests/openapi/validate.mjs " + file +
                          " > " + dir + "/validate.log 2>&1";
  std::ifstream log(dir + "/validate.log");
  EXPECT_EQ(std::system(cmd.c_str()), 0) << std::ifstream(dir + "/validate.log").rdbuf();
}

Json config() {
  Json c = HostProcess::baseConfig();
  c["plugins"]["bearer:api"] = {{"library", "auth-bearer"}, {"config", {{"realm", "api"}}}};
  c["plugins"]["hello"] = {{"listener", "main"},
                           {"policies", Json::array({{{"route", "POST /hello/{name}/visits"},
                                                      {"providers", {"bearer:api"}},
                                                      {"scopes", {"write"}}}})}};
  c["listeners"]["second"] = {{"address", "127.0.0.1"}, {"port", 0}, {"insecure", true}};
  c["plugins"]["hello2"] = {{"library", "hello"}, {"listener", "second"}};
  return c;
}

TEST(OpenApi, AdminEndpointServesAValidMergedDocument) {
  HostProcess host(config());
  ASSERT_TRUE(host.start()) << host.log();
  const HttpResult r = HttpClient::send(host.port("admin"), "GET", "/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  const Json doc = Json::parse(r.body);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  const Json& get = doc["paths"]["/hello/{name}"]["get"];
  EXPECT_EQ(get["summary"], "Greets {name}");
  EXPECT_EQ(get["parameters"][0]["name"], "name");
  EXPECT_EQ(get["parameters"][0]["in"], "path");
  EXPECT_EQ(get["servers"][0]["url"], "http://127.0.0.1:" + std::to_string(host.port("main")));
  // Served on both listeners: kept once, the other noted.
  EXPECT_EQ(get["x-apiary-also-on"], Json::array({"second"}));
  const Json& post = doc["paths"]["/hello/{name}/visits"]["post"];
  EXPECT_EQ(post["security"], Json::parse(R"([{"bearer_api": ["write"]}])"));
  EXPECT_EQ(doc["components"]["securitySchemes"]["bearer_api"],
            Json::parse(R"({"type": "http", "scheme": "bearer", "x-apiary-authenticator": "bearer:api"})"));
  expectValidOpenApi(host.dir(), r.body);

  // One listener alone: no per-operation servers, no x-apiary-also-on.
  const HttpResult one = HttpClient::send(host.port("admin"), "GET", "/openapi.json?listener=second");
  const Json second = Json::parse(one.body);
  EXPECT_EQ(second["servers"][0]["url"], "http://127.0.0.1:" + std::to_string(host.port("second")));
  EXPECT_FALSE(second["paths"]["/hello/{name}"]["get"].contains("x-apiary-also-on"));
  expectValidOpenApi(host.dir(), one.body);
  EXPECT_EQ(HttpClient::send(host.port("admin"), "GET", "/openapi.json?listener=nope").status, 404);
  EXPECT_EQ(host.stop(), 0);
}

TEST(OpenApi, CliPrintsTheDocumentWithoutBinding) {
  HostProcess host(config());
  ASSERT_EQ(host.runToExit({"openapi", "--listener", "main"}), 0) << host.log();
  const std::string log = host.log();
  const Json doc = Json::parse(log.substr(log.find('{')));
  EXPECT_TRUE(doc["paths"].contains("/hello/{name}/visits"));
  EXPECT_EQ(host.runToExit({"openapi", "--listener", "nope"}), 2);
}

}  // namespace
}  // namespace apiary::test
