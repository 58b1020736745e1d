// Secrets never reach the log or an error body, and credentials are hashed at rest. One daemon
// with the host's bearer and Basic authenticators, spectra and spectrum; every kind of secret they
// issue is created (CLI and API), used right, used with a near miss, and then looked for in
// everything the daemon wrote to its log, in every answer that was not the one meant to show it,
// and in the bytes of every database file.
#include "HostProcess.h"
#include "HttpClient.h"

#include <apiary/base64.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

namespace apiary::test {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// The secret with its last character changed: what a client with a typo sends. A near miss is
// as sensitive as the secret (it usually differs by a character or two).
std::string nearMiss(std::string secret) {
  secret.back() = secret.back() == 'a' ? 'b' : 'a';
  return secret;
}

std::string basic(const std::string& user, const std::string& password) {
  return "Basic " + base64::encode(user + ":" + password);
}

std::string fileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Json secretsConfig() {
  Json config = HostProcess::baseConfig();
  config["auth"] = {{"pbkdf2_iterations", 1000}};  // fast tests; production default is 120000
  config["listeners"]["spectra"] = config["listeners"]["main"];
  config["plugins"]["bearer:api"] = {{"library", "auth-bearer"}, {"config", {{"realm", "api"}}}};
  config["plugins"]["basic:ops"] = {{"library", "auth-basic"}, {"config", {{"realm", "ops"}}}};
  config["plugins"]["basic:spectrum"] = {{"library", "auth-basic"},
                                         {"config", {{"realm", "spectrum"}}}};
  config["plugins"]["app"] = {
      {"library", HostProcess::fixtureDir() + "/libfixture-behaviour.so"},
      {"listener", "main"},
      {"prefix", "/app"},
      {"config", {{"show_codes", true}}},
      {"policies",
       Json::array({{{"route", "GET /whoami"}, {"providers", {"bearer:api", "basic:ops"}}}})}};
  config["plugins"]["spectrum"] = {
      {"listener", "main"},
      {"config",
       {{"rate_limit", {{"enabled", false}}},
        {"allow_insecure_webhooks", true},
        {"allow_private_addresses", true},
        // Deliveries to a closed port fail and are retried (and logged) while the test runs.
        {"delivery",
         {{"workers", 1},
          {"poll_interval_ms", 20},
          {"jitter", false},
          {"retry_delays_ms", {20, 20}}}}}}};
  config["plugins"]["spectra"] = {
      {"listener", "spectra"}, {"max_body_bytes", 102400}, {"config", Json::object()}};
  return config;
}

TEST(Secrets, NeverInTheLogOrErrorBodiesAndHashedAtRest) {
  for (const char* library : {"auth-bearer", "auth-basic", "spectra", "spectrum"})
    ASSERT_TRUE(fs::exists(HostProcess::pluginDir() + "/lib" + std::string(library) + ".so"))
        << library << " is not built";
  HostProcess host(secretsConfig());
  std::mt19937_64 random(std::random_device{}());
  const std::string password = "pw-" + std::to_string(random()) + "-horse";

  // Issued on the command line (printed there once, which is the point of the command).
  ASSERT_EQ(host.runToExit({"token", "create", "--realm", "api", "--scopes", "read"}), 0)
      << host.log();
  const std::string bearer = host.lastLogMatch("secret: ([0-9a-f]{64})");
  ASSERT_EQ(host.runToExit({"user", "add", "--realm", "ops", "alice"}, password + "\n"), 0)
      << host.log();
  ASSERT_EQ(host.runToExit({"spectra", "key", "create", "--org-name", "Acme", "--org-id", "acme"}),
            0)
      << host.log();
  const std::string spectraKey = host.lastLogMatch("(spectra_[0-9a-f]{64})");
  ASSERT_EQ(host.runToExit({"spectrum", "project", "create", "--name", "Acme"}), 0) << host.log();
  const std::string projectId = host.lastLogMatch("id: ([0-9a-f-]{36})");
  const std::string firstProjectSecret = host.lastLogMatch("secret: ([0-9a-f]{64})");
  ASSERT_FALSE(bearer.empty() || spectraKey.empty() || projectId.empty() ||
               firstProjectSecret.empty())
      << host.log();
  ASSERT_NE(firstProjectSecret, bearer);

  // Everything the daemon writes from here on is its log.
  const size_t cliOutput = host.log().size();
  ASSERT_TRUE(host.start()) << host.log();
  const int main = host.port("main");
  const int spectra = host.port("spectra");
  std::vector<std::string> answers;  // every response that must not carry a secret
  auto keep = [&answers](const HttpResult& r) {
    std::string text = std::to_string(r.status) + "\n" + r.body;
    for (const auto& [name, value] : r.headers) text += "\n" + name + ": " + value;
    answers.push_back(std::move(text));
    return r;
  };

  // Host authenticators: right, near miss, and in the wrong scheme.
  EXPECT_EQ(keep(HttpClient::send(main, "GET", "/app/whoami", {},
                                  {{"Authorization", "Bearer " + bearer}}))
                .status,
            200);
  EXPECT_EQ(keep(HttpClient::send(main, "GET", "/app/whoami", {},
                                  {{"Authorization", "Bearer " + nearMiss(bearer)}}))
                .status,
            401);
  EXPECT_EQ(keep(HttpClient::send(main, "GET", "/app/whoami", {},
                                  {{"Authorization", basic("alice", password)}}))
                .status,
            200);
  EXPECT_EQ(keep(HttpClient::send(main, "GET", "/app/whoami", {},
                                  {{"Authorization", basic("alice", nearMiss(password))}}))
                .status,
            401);
  keep(HttpClient::send(main, "GET", "/app/whoami", {}, {{"Authorization", bearer}}));

  // spectra: keys in the query and in JSON bodies.
  EXPECT_EQ(keep(HttpClient::send(spectra, "GET", "/getOrgForKey?key=" + spectraKey)).status, 200);
  keep(HttpClient::send(spectra, "GET", "/getOrgForKey?key=" + nearMiss(spectraKey)));
  const Json preview = {
      {"type", "preview"},
      {"clientVersion", "1.0.0"},
      {"previewCode", ""},
      {"leftTeam", {{"name", "L"}, {"tricode", "LFT"}, {"url", "http://l"}, {"attackStart", true}}},
      {"rightTeam",
       {{"name", "R"}, {"tricode", "RGT"}, {"url", "http://r"}, {"attackStart", false}}}};
  const HttpClient::Headers json = {{"Content-Type", "application/json"}};
  Json good = preview;
  good["key"] = spectraKey;
  EXPECT_EQ(keep(HttpClient::send(spectra, "PUT", "/createPreview", good.dump(), json)).status,
            200);
  Json bad = preview;
  bad["key"] = nearMiss(spectraKey);
  keep(HttpClient::send(spectra, "PUT", "/createPreview", bad.dump(), json));
  // A malformed body that carries the key: the parse error must not quote it back.
  keep(
      HttpClient::send(spectra, "PUT", "/createPreview", "{\"key\":\"" + spectraKey + "\",", json));

  // spectrum: project secret (Basic), rotated through the API, and a webhook signing secret.
  const std::string project = "/projects/" + projectId;
  EXPECT_EQ(keep(HttpClient::send(main, "GET", project + "/", {},
                                  {{"Authorization", basic(projectId, firstProjectSecret)}}))
                .status,
            200);
  const HttpResult rotated =
      HttpClient::send(main, "POST", project + "/regenerate-secret", {},
                       {{"Authorization", basic(projectId, firstProjectSecret)}});
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string projectSecret =
      Json::parse(rotated.body)["data"]["projectSecret"].get<std::string>();
  const HttpClient::Headers projectAuth = {{"Authorization", basic(projectId, projectSecret)},
                                           {"Content-Type", "application/json"}};
  EXPECT_EQ(keep(HttpClient::send(main, "GET", project + "/", {},
                                  {{"Authorization", basic(projectId, firstProjectSecret)}}))
                .status,
            401);
  keep(HttpClient::send(main, "GET", project + "/", {},
                        {{"Authorization", basic(projectId, nearMiss(projectSecret))}}));
  const HttpResult hook =
      HttpClient::send(main, "POST", project + "/webhooks",
                       Json{{"webhookUrl", "http://127.0.0.1:9/hook"}}.dump(), projectAuth);
  ASSERT_EQ(hook.status, 200) << hook.body;
  const std::string signingSecret =
      Json::parse(hook.body)["data"]["signingSecret"].get<std::string>();
  ASSERT_FALSE(signingSecret.empty()) << hook.body;
  EXPECT_EQ(keep(HttpClient::send(main, "GET", project + "/webhooks", {}, projectAuth)).status,
            200);
  keep(HttpClient::send(main, "POST", project + "/webhooks",
                        "{\"webhookUrl\":\"" + projectSecret + "\"", projectAuth));
  // Let the failing webhook deliveries be attempted and logged.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(host.stop(), 0);

  const std::string daemonLog = host.log().substr(cliOutput);
  ASSERT_NE(daemonLog.find("GET /app/whoami"), std::string::npos) << "no access log:\n"
                                                                  << daemonLog;
  const std::vector<std::pair<std::string, std::string>> secrets = {
      {"bearer token", bearer},
      {"bearer near miss", nearMiss(bearer)},
      {"password", password},
      {"password near miss", nearMiss(password)},
      {"spectra key", spectraKey},
      {"spectra key near miss", nearMiss(spectraKey)},
      {"first project secret", firstProjectSecret},
      {"project secret", projectSecret},
      {"project secret near miss", nearMiss(projectSecret)},
      {"webhook signing secret", signingSecret},
      // Credentials also travel base64-encoded in Basic headers.
      {"Basic credentials", base64::encode("alice:" + password)},
      {"Basic project credentials", base64::encode(projectId + ":" + projectSecret)}};
  for (const auto& [what, secret] : secrets) {
    EXPECT_EQ(daemonLog.find(secret), std::string::npos) << what << " in the log:\n" << daemonLog;
    for (const std::string& answer : answers)
      EXPECT_EQ(answer.find(secret), std::string::npos) << what << " in an answer:\n" << answer;
  }

  // At rest: the credentials are stored as hashes (the webhook signing secret must stay usable
  // for HMAC signing, so it is the one secret kept as issued).
  size_t databases = 0;
  for (const auto& entry : fs::recursive_directory_iterator(host.dir() + "/state")) {
    if (!entry.is_regular_file()) continue;
    ++databases;
    const std::string bytes = fileBytes(entry.path());
    for (const auto& [what, secret] : secrets) {
      if (what == "webhook signing secret") continue;
      EXPECT_EQ(bytes.find(secret), std::string::npos)
          << what << " stored in " << entry.path().string();
    }
  }
  EXPECT_GT(databases, 0u);
}

}  // namespace
}  // namespace apiary::test
