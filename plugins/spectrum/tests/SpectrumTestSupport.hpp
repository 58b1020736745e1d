// A FakeHost running the spectrum plugin with a scripted "basic:spectrum" authenticator that
// behaves as auth-basic does (Basic header -> the fake credential store, realm "spectrum").
#pragma once

#include "../SpectrumPlugin.hpp"

#include <apiary/testing/fake_host.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace spectrum::test {

using apiary::testing::FakeHost;
using apiary::testing::FakeResponse;

std::string base64(std::string_view in);
std::string basicHeader(const std::string& user, const std::string& password);
nlohmann::json bodyOf(const FakeResponse& response);

struct TestProject {
  std::string id, secret;
};

class SpectrumHost {
 public:
  // overrides is merged into the test defaults (rate limit off, loopback http deliveries,
  // deliveries on the timer tick without jitter).
  explicit SpectrumHost(const nlohmann::json& overrides = nlohmann::json::object());

  FakeHost& host() { return *host_; }
  TestProject createProject(const std::string& name = "Test project");
  void addPool(const std::string& kind, const std::string& number);

  FakeResponse call(const std::string& method, const std::string& path,
                    const std::string& body = {}, const std::string& authorization = {}) const;
  FakeResponse as(const TestProject& p, const std::string& method, const std::string& path,
                  const std::string& body = {}) const {
    return call(method, path, body, basicHeader(p.id, p.secret));
  }

 private:
  std::unique_ptr<FakeHost> host_;
};

// Asserts an error envelope {"succeed":false,"code":code,"message":...} with that status.
void expectError(const FakeResponse& r, int status, const std::string& code);

}  // namespace spectrum::test
