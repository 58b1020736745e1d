// The SDK's base64 and UTF-8 helpers (apiary/base64.hpp, apiary/utf8.hpp), shared by auth-basic,
// spectra and spectra-live: strictness matters there, since a lenient decoder accepts
// credentials or packets that the original services refused.
#include <gtest/gtest.h>
#include <apiary/base64.hpp>
#include <apiary/json_depth.hpp>
#include <apiary/utf8.hpp>

namespace {

TEST(Base64Test, EncodesRfc4648Vectors) {
  EXPECT_EQ(apiary::base64::encode(""), "");
  EXPECT_EQ(apiary::base64::encode("f"), "Zg==");
  EXPECT_EQ(apiary::base64::encode("fo"), "Zm8=");
  EXPECT_EQ(apiary::base64::encode("foo"), "Zm9v");
  EXPECT_EQ(apiary::base64::encode("foob"), "Zm9vYg==");
  EXPECT_EQ(apiary::base64::encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(apiary::base64::encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(apiary::base64::encode(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(Base64Test, DecodesWhatItEncodes) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  for (size_t n = 0; n <= all.size(); n += 37)
    EXPECT_EQ(apiary::base64::decode(apiary::base64::encode(all.substr(0, n))), all.substr(0, n));
}

TEST(Base64Test, RefusesAnythingNotStrict) {
  for (const char* bad : {"Zg", "Zg=", "Zg===", "=Zg=", "Z===", "Zg==Zg==", "Zm9v\n", " Zm9v",
                          "Zm-v", "Zm_v", "Zm9v YmFy", "Zm=v"})
    EXPECT_FALSE(apiary::base64::decode(bad).has_value()) << bad;
  EXPECT_FALSE(apiary::base64::decode(std::string("Zm\0v", 4)).has_value());
}

TEST(Utf8Test, AcceptsWellFormedText) {
  for (const char* good : {"", "ascii",
                           "gr\xC3\xBC\xC3\x9F"
                           "e",
                           "\xE2\x82\xAC", "\xF0\x9F\x90\x9D", "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF"})
    EXPECT_TRUE(apiary::utf8::valid(good)) << good;
}

TEST(Utf8Test, RefusesMalformedText) {
  for (const char* bad :
       {"\x80", "\xC3", "\xC0\xAF", "\xE0\x80\xAF", "\xF0\x80\x80\xAF", "\xED\xA0\x80",
        "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF", "a\xE2\x82", "\xC3\x28"})
    EXPECT_FALSE(apiary::utf8::valid(bad)) << bad;
}

TEST(JsonDepthTest, CountsArraysAndObjectsOutsideStrings) {
  EXPECT_TRUE(apiary::jsonDepthWithin("", 0));
  EXPECT_TRUE(apiary::jsonDepthWithin("42", 0));
  EXPECT_FALSE(apiary::jsonDepthWithin("[]", 0));
  EXPECT_TRUE(apiary::jsonDepthWithin(R"([{"a":[1]},{"b":2}])", 3));
  EXPECT_FALSE(apiary::jsonDepthWithin(R"([{"a":[1]},{"b":2}])", 2));
  // Brackets in strings, also after escaped quotes, do not nest.
  EXPECT_TRUE(apiary::jsonDepthWithin(R"(["[[[[", "\"[[[[", "\\", {"k":"{{{"}])", 2));
  EXPECT_FALSE(apiary::jsonDepthWithin(std::string(129, '['), apiary::kMaxJsonDepth));
  EXPECT_TRUE(apiary::jsonDepthWithin(std::string(128, '[') + std::string(128, ']')));
}

}  // namespace
