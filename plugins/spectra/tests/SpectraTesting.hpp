// Shared by the spectra unit tests: a clean environment (upstream's variables override the
// config, so every test starts without them) and small JSON helpers.
#pragma once

#include "SpectraPlugin.hpp"

#include <gtest/gtest.h>
#include <apiary/testing/fake_host.hpp>

#include <cstdlib>
#include <string>

namespace spectra::testing {

using apiary::testing::FakeHost;
using apiary::testing::FakeResponse;

inline constexpr const char* kEnvironment[] = {
    "INSECURE",    "SERVER_KEY",  "SERVER_CERT",   "REQUIRE_AUTH_KEY",   "AUTH_KEY",
    "USE_BACKEND", "BACKEND_URL", "BACKEND_TOKEN", "SUPPORTER_CHECK_URL"};

class SpectraTest : public ::testing::Test {
 protected:
  void SetUp() override { clearEnvironment(); }
  void TearDown() override { clearEnvironment(); }
  static void clearEnvironment() {
    for (const char* name : kEnvironment) ::unsetenv(name);
  }

  static FakeHost load(const std::string& config = R"({"auth_key": "static-key"})") {
    return FakeHost::load<SpectraPlugin>(config, "spectra");
  }
  static FakeResponse put(const FakeHost& host, const std::string& body,
                          const std::string& contentType = "application/json") {
    FakeHost::Headers headers = {{"Content-Length", std::to_string(body.size())}};
    if (!contentType.empty()) headers.emplace_back("Content-Type", contentType);
    return host.call("PUT", "/createPreview", body, headers);
  }
  // A typical Spectra-Client preview request.
  static Json previewBody(const std::string& key, const std::string& code = "") {
    return Json{
        {"type", "preview"},
        {"clientVersion", "1.0.0"},
        {"key", key},
        {"previewCode", code},
        {"leftTeam",
         {{"name", "Left"}, {"tricode", "LFT"}, {"url", "http://l"}, {"attackStart", true}}},
        {"rightTeam",
         {{"name", "Right"}, {"tricode", "RGT"}, {"url", "http://r"}, {"attackStart", false}}},
        {"toolsData", {{"seriesInfo", {{"needed", 2}}}, {"foo", "bar"}}}};
  }
  static std::string codeOf(const FakeResponse& r) {
    return Json::parse(r.body).at("previewCode").get<std::string>();
  }
};

}  // namespace spectra::testing
