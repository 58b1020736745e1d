// JavaScript behaviours the wire format depends on, and the qs-like query parsing.
#include "JsSemantics.hpp"
#include "QueryParams.hpp"

#include <gtest/gtest.h>

namespace spectra {
namespace {

TEST(JsSemantics, TruthinessFollowsJavaScript) {
  for (const char* falsy : {"null", "false", "0", "0.0", "-0", "\"\""})
    EXPECT_FALSE(JsSemantics::truthy(Json::parse(falsy))) << falsy;
  for (const char* truthy : {"true", "1", "-1", "0.5", "\"0\"", "\" \"", "[]", "{}"})
    EXPECT_TRUE(JsSemantics::truthy(Json::parse(truthy))) << truthy;
}

TEST(JsSemantics, LengthCountsUtf16CodeUnits) {
  EXPECT_EQ(JsSemantics::utf16Length("abc123"), 6u);
  EXPECT_EQ(JsSemantics::utf16Length("\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4"),
            6u);                                                // ä x6
  EXPECT_EQ(JsSemantics::utf16Length("\xF0\x9F\x98\x80"), 2u);  // one emoji, two units
  EXPECT_EQ(JsSemantics::utf16Length("\xE2\x82\xAC"
                                     "abcde"),
            6u);  // euro sign + 5
}

TEST(JsSemantics, PropertyReadsThrowV8Messages) {
  const Json object = {{"a", 1}};
  EXPECT_EQ(*JsSemantics::read(&object, "a"), 1);
  EXPECT_EQ(JsSemantics::read(&object, "b"), nullptr);
  const Json text = "abc";
  EXPECT_EQ(JsSemantics::read(&text, "name"), nullptr);
  const Json null;
  try {
    JsSemantics::read(&null, "name");
    FAIL();
  } catch (const JsTypeError& e) {
    EXPECT_STREQ(e.what(), "Cannot read properties of null (reading 'name')");
  }
  try {
    JsSemantics::read(nullptr, "name");
    FAIL();
  } catch (const JsTypeError& e) {
    EXPECT_STREQ(e.what(), "Cannot read properties of undefined (reading 'name')");
  }
}

TEST(JsSemantics, NormalizeMatchesJsonStringifyOfJsonParse) {
  Json v = Json::parse(R"({"b":1.0,"2":-0.0,"a":[2.50,1e2],"1":{"z":1,"0":2},"01":3})");
  JsSemantics::normalize(v);
  EXPECT_EQ(v.dump(), R"({"1":{"0":2,"z":1},"2":0,"b":1,"a":[2.5,100],"01":3})");
}

TEST(QueryParams, StringOnlyWhenGivenOncePlainly) {
  EXPECT_EQ(QueryParams("key=abc").string("key"), "abc");
  EXPECT_EQ(QueryParams("x=1&key=a+b%26c").string("key"), "a b&c");
  EXPECT_EQ(QueryParams("key=").string("key"), "");
  EXPECT_EQ(QueryParams("key").string("key"), "");
  EXPECT_FALSE(QueryParams("key=a&key=b").string("key"));
  EXPECT_FALSE(QueryParams("key[]=a").string("key"));
  EXPECT_FALSE(QueryParams("key=a&key[x]=1").string("key"));
  EXPECT_FALSE(QueryParams("key%5Bx%5D=1").string("key"));
  EXPECT_FALSE(QueryParams("KEY=a").string("key"));
  EXPECT_FALSE(QueryParams("").string("key"));
  EXPECT_EQ(QueryParams("keyx=1&key=v").string("key"), "v");
}

TEST(QueryParams, MalformedEscapesStayAsTheyAre) {
  EXPECT_EQ(QueryParams::decode("a%zz+b"), "a%zz b");
  EXPECT_EQ(QueryParams::decode("%"), "%");
  EXPECT_EQ(QueryParams::decode("%FF"), "%FF");  // not UTF-8: decodeURIComponent throws
  EXPECT_EQ(QueryParams::decode("%C3%A4"), "\xC3\xA4");
}

}  // namespace
}  // namespace spectra
