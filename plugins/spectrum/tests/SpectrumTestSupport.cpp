#include "SpectrumTestSupport.hpp"

#include <apiary/base64.hpp>
#include <cstring>
#include <regex>

namespace spectrum::test {

std::string base64(std::string_view in) {
  return apiary::base64::encode(in);
}

std::string basicHeader(const std::string& user, const std::string& password) {
  return "Basic " + base64(user + ":" + password);
}

nlohmann::json bodyOf(const FakeResponse& response) {
  return nlohmann::json::parse(response.body, nullptr, false);
}

namespace {

// What auth-basic does, reduced: decode, split at the first ':', ask the credential store.
std::string decode64(const std::string& in) {
  std::string out;
  int bits = 0, value = 0;
  for (char c : in) {
    const char* pos =
        std::strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", c);
    if (c == '=' || pos == nullptr || c == '\0') break;
    value = (value << 6) |
            int(pos - "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

SpectrumHost::SpectrumHost(const nlohmann::json& overrides) {
  nlohmann::json config = {
      {"rate_limit", {{"enabled", false}}},
      {"allow_insecure_webhooks", true},
      {"allow_private_addresses", true},
      {"delivery", {{"workers", 0}, {"jitter", false}, {"poll_interval_ms", 100}}},
  };
  config.merge_patch(overrides);
  host_ = std::make_unique<FakeHost>(FakeHost::load<SpectrumPlugin>(config.dump()));
  apiary::testing::FakeCredentials* store = &host_->credentials();
  host_->addAuthenticator("basic:spectrum", [store](const apiary::testing::FakeAuthRequest& r,
                                                    apiary::testing::FakeAuthResult& out) {
    out.challenge = "Basic realm=\"spectrum\", charset=\"UTF-8\"";
    const auto header = r.header("Authorization");
    if (!header || header->rfind("Basic ", 0) != 0) return apiary::AuthOutcome::NoCredentials;
    const std::string decoded = decode64(header->substr(6));
    const size_t colon = decoded.find(':');
    if (colon == std::string::npos || colon == 0) return apiary::AuthOutcome::Invalid;
    return static_cast<apiary::AuthOutcome>(
        store->verify("spectrum", decoded.substr(0, colon), decoded.substr(colon + 1), out));
  });
}

TestProject SpectrumHost::createProject(const std::string& name) {
  const auto result = host_->command({"project", "create", "--name", name});
  EXPECT_EQ(result.code, 0) << result.err;
  std::smatch id, secret;
  EXPECT_TRUE(std::regex_search(result.out, id, std::regex("id: ([0-9a-f-]{36})")));
  EXPECT_TRUE(std::regex_search(result.out, secret, std::regex("secret: ([0-9a-f]+)")));
  return {id[1], secret[1]};
}

void SpectrumHost::addPool(const std::string& kind, const std::string& number) {
  const auto result = host_->command({"pool", "add", kind, number});
  EXPECT_EQ(result.code, 0) << result.err;
}

FakeResponse SpectrumHost::call(const std::string& method, const std::string& path,
                                const std::string& body, const std::string& authorization) const {
  FakeHost::Headers headers;
  if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  return host_->call(method, path, body, headers);
}

void expectError(const FakeResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  const auto body = bodyOf(r);
  ASSERT_TRUE(body.is_object()) << r.body;
  EXPECT_EQ(body.value("succeed", true), false) << r.body;
  EXPECT_EQ(body.value("code", ""), code) << r.body;
  EXPECT_TRUE(body.contains("message") && body["message"].is_string()) << r.body;
  // The documented key order: succeed, code, message.
  EXPECT_EQ(r.body.rfind("{\"succeed\":false,\"code\":", 0), 0u) << r.body;
  EXPECT_EQ(r.header("Content-Type").value_or("").rfind("application/json", 0), 0u);
}

}  // namespace spectrum::test
