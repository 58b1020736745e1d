// The format checks, URL guard, signature, timestamps, billing and query parsing on their own.
#include "../Billing.hpp"
#include "../BodyReader.hpp"
#include "../EventEmitter.hpp"
#include "../Patterns.hpp"
#include "../QueryParams.hpp"
#include "../RandomIds.hpp"
#include "../Timestamps.hpp"
#include "../WebhookDelivery.hpp"
#include "../WebhookSigner.hpp"
#include "../WebhookUrl.hpp"

#include <gtest/gtest.h>

namespace spectrum {
namespace {

TEST(Patterns, UuidFollowsTheOpenApiPattern) {
  EXPECT_TRUE(Patterns::isUuid("6a4d2e8c-7b1f-4d3a-9a8e-2c5d6f7e8a9b"));
  EXPECT_TRUE(Patterns::isUuid("6A4D2E8C-7B1F-4D3A-9A8E-2C5D6F7E8A9B"));
  EXPECT_TRUE(Patterns::isUuid("00000000-0000-0000-0000-000000000000"));
  EXPECT_TRUE(Patterns::isUuid("ffffffff-ffff-ffff-ffff-ffffffffffff"));
  EXPECT_TRUE(Patterns::isUuid("6a4d2e8c-7b1f-8d3a-ba8e-2c5d6f7e8a9b"));   // version 8
  EXPECT_FALSE(Patterns::isUuid("6a4d2e8c-7b1f-9d3a-9a8e-2c5d6f7e8a9b"));  // version 9
  EXPECT_FALSE(Patterns::isUuid("6a4d2e8c-7b1f-0d3a-9a8e-2c5d6f7e8a9b"));  // version 0
  EXPECT_FALSE(Patterns::isUuid("6a4d2e8c-7b1f-4d3a-ca8e-2c5d6f7e8a9b"));  // variant c
  EXPECT_FALSE(Patterns::isUuid("6a4d2e8c7b1f4d3a9a8e2c5d6f7e8a9b"));
  EXPECT_FALSE(Patterns::isUuid("6a4d2e8c-7b1f-4d3a-9a8e-2c5d6f7e8a9g"));
  EXPECT_FALSE(Patterns::isUuid(""));
  EXPECT_FALSE(Patterns::isUuid("{6a4d2e8c-7b1f-4d3a-9a8e-2c5d6f7e8a9}"));
  for (int i = 0; i < 50; ++i) EXPECT_TRUE(Patterns::isUuid(RandomIds::uuid()));
}

TEST(Patterns, E164) {
  EXPECT_TRUE(Patterns::isE164("+14155550123"));
  EXPECT_TRUE(Patterns::isE164("+1234567"));          // 7 digits: the minimum
  EXPECT_TRUE(Patterns::isE164("+123456789012345"));  // 15 digits: the maximum
  EXPECT_FALSE(Patterns::isE164("+123456"));
  EXPECT_FALSE(Patterns::isE164("+1234567890123456"));
  EXPECT_FALSE(Patterns::isE164("14155550123"));
  EXPECT_FALSE(Patterns::isE164("+04155550123"));
  EXPECT_FALSE(Patterns::isE164("+1 415 555 0123"));
  EXPECT_FALSE(Patterns::isE164("+１４１５５５５０１２３"));  // full-width digits
}

TEST(Patterns, Email) {
  EXPECT_TRUE(Patterns::isEmail("ada@example.com"));
  EXPECT_TRUE(Patterns::isEmail("o'brien+tag@mail.example.co.uk"));
  EXPECT_FALSE(Patterns::isEmail(".ada@example.com"));
  EXPECT_FALSE(Patterns::isEmail("ada..l@example.com"));
  EXPECT_FALSE(Patterns::isEmail("ada.@example.com"));
  EXPECT_FALSE(Patterns::isEmail("ada@example"));
  EXPECT_FALSE(Patterns::isEmail("ada@-example.com"));
  EXPECT_FALSE(Patterns::isEmail("adä@example.com"));
  EXPECT_FALSE(Patterns::isEmail(std::string(300, 'a') + "@example.com"));
  EXPECT_FALSE(Patterns::isEmail(""));
}

TEST(WebhookUrl, ParsesHttpAndHttpsOnly) {
  auto u = WebhookUrl::parse("https://your-app.com/spectrum-webhook");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "your-app.com");
  u = WebhookUrl::parse("HTTP://127.0.0.1:8080/x?y=1#z");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->port, 8080);
  u = WebhookUrl::parse("https://[::1]:8443/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  for (const char* bad :
       {"", "not a url", "ftp://example.com/", "javascript:alert(1)", "https://", "https:///x",
        "https://user:pw@example.com/", "https://example.com:0/", "https://example.com:99999/",
        "https://exa mple.com/", "https://exämple.com/", "https://[zz]/", "//example.com",
        "https://example.com:/", "https://.example.com/", "mailto:a@example.com"})
    EXPECT_FALSE(WebhookUrl::parse(bad)) << bad;
  EXPECT_FALSE(WebhookUrl::parse("https://example.com/" + std::string(3000, 'a')));
}

TEST(WebhookUrl, PublicAddresses) {
  for (const char* ip : {"93.184.216.34", "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946"})
    EXPECT_TRUE(WebhookUrl::isPublicAddress(ip)) << ip;
  for (const char* ip :
       {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "2001:db8::1", "ff02::1", "not-an-ip"})
    EXPECT_FALSE(WebhookUrl::isPublicAddress(ip)) << ip;
}

TEST(WebhookUrl, DeliveryGuard) {
  const auto http = *WebhookUrl::parse("http://93.184.216.34/hook");
  EXPECT_EQ(WebhookUrl::checkDelivery(http, false, false).kind, WebhookUrl::Verdict::Refused);
  const auto loopback = *WebhookUrl::parse("https://127.0.0.1/hook");
  EXPECT_EQ(WebhookUrl::checkDelivery(loopback, false, false).kind, WebhookUrl::Verdict::Refused);
  EXPECT_EQ(WebhookUrl::checkDelivery(loopback, false, true).kind, WebhookUrl::Verdict::Allowed);
  const auto metadata = *WebhookUrl::parse("https://169.254.169.254/latest/meta-data");
  EXPECT_EQ(WebhookUrl::checkDelivery(metadata, true, false).kind, WebhookUrl::Verdict::Refused);
  const auto pub = *WebhookUrl::parse("https://93.184.216.34/hook");
  EXPECT_EQ(WebhookUrl::checkDelivery(pub, false, false).kind, WebhookUrl::Verdict::Allowed);
}

TEST(WebhookSigner, MatchesHmacSha256OfTheDocumentedMessage) {
  const std::string secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  const std::string sig = WebhookSigner::signature(secret, 1767225600, R"({"event":"x"})");
  EXPECT_EQ(sig, "v0=b5326de76f12be13da447a7a4e99f9378abded8c364ee82468697e25b8338a3e");
  EXPECT_TRUE(WebhookSigner::verify(secret, 1767225600, R"({"event":"x"})", sig));
  EXPECT_FALSE(WebhookSigner::verify(secret, 1767225601, R"({"event":"x"})", sig));
  EXPECT_FALSE(WebhookSigner::verify(secret, 1767225600, R"({"event":"y"})", sig));
}

TEST(Timestamps, MillisecondsAndZ) {
  EXPECT_EQ(Timestamps::iso(1767225600000), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(Timestamps::iso(1778785200123), "2026-05-14T19:00:00.123Z");
}

TEST(Billing, ProratesTheRestOfTheUtcMonth) {
  const Billing billing(3100);                                 // 100 cents a day in a 31-day month
  EXPECT_EQ(billing.prorationCents(+1, 1767225600000), 3100);  // Jan 1, 00:00
  EXPECT_EQ(billing.prorationCents(+1, 1767225600000 + 86400000), 3000);  // Jan 2
  EXPECT_EQ(billing.prorationCents(-1, 1767225600000 + 86400000), -3000);
  const Json f = billing.figures(3, +1, 1767225600000 + 15 * 86400000LL);
  EXPECT_EQ(f.dump(), R"({"quantity":3,"prorationAmount":1600})");
}

TEST(QueryParams, RepeatedKeysAndDecoding) {
  const QueryParams q = QueryParams::parse("id=a&id=b%2Dc&type=shared&x=1+2&id=&bad=%zz");
  EXPECT_EQ(q.all("id"), (std::vector<std::string>{"a", "b-c", ""}));
  EXPECT_EQ(q.all("type"), std::vector<std::string>{"shared"});
  EXPECT_EQ(q.all("x"), std::vector<std::string>{"1 2"});
  EXPECT_EQ(q.all("bad"), std::vector<std::string>{"%zz"});
  EXPECT_TRUE(q.all("none").empty());
}

TEST(BodyReader, RefusesWhatIsNotAJsonObject) {
  for (const char* body :
       {"", "null", "[]", "42", "\"x\"", "{", "{\"a\":1} trailing", "{\"a\":\"\xff\"}"}) {
    try {
      BodyReader::parse(body);
      ADD_FAILURE() << body;
    } catch (const SpectrumError& e) {
      EXPECT_EQ(e.status(), 422);
    }
  }
  const BodyReader r = BodyReader::parse(R"({"s":"x","n":1,"b":true,"o":{},"z":null})");
  EXPECT_EQ(r.requiredString("s"), "x");
  EXPECT_FALSE(r.optionalString("z"));
  EXPECT_THROW(r.requiredString("n"), SpectrumError);
  EXPECT_THROW(r.requiredBool("s"), SpectrumError);
  EXPECT_THROW(r.requiredString("missing"), SpectrumError);
  EXPECT_TRUE(r.requiredBool("b"));
}

TEST(EventEmitter, BodyStartsWithTheEvent) {
  EXPECT_EQ(EventEmitter::body("messages", {{"space", {{"id", "s"}}}, {"event", "ignored"}}),
            R"({"event":"messages","space":{"id":"s"}})");
  EXPECT_THROW(EventEmitter::body("x", nlohmann::ordered_json::array()), std::invalid_argument);
}

TEST(WebhookDelivery, ClassifiesLikePhoton) {
  auto status = [](int s) {
    apiary::HttpResult r;
    r.status = s;
    return WebhookDelivery::classify(r);
  };
  using O = WebhookDelivery::Outcome;
  EXPECT_EQ(status(200), O::Delivered);
  EXPECT_EQ(status(204), O::Delivered);
  EXPECT_EQ(status(500), O::Retry);
  EXPECT_EQ(status(503), O::Retry);
  EXPECT_EQ(status(408), O::Retry);
  EXPECT_EQ(status(429), O::Retry);
  EXPECT_EQ(status(400), O::Final);
  EXPECT_EQ(status(404), O::Final);
  EXPECT_EQ(status(301), O::Final);
  apiary::HttpResult timeout;
  timeout.error = APIARY_HTTP_TIMEOUT;
  EXPECT_EQ(WebhookDelivery::classify(timeout), O::Retry);
}

}  // namespace
}  // namespace spectrum
