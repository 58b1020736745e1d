#include "PythonSemantics.hpp"
#include "TimeText.hpp"

#include <gtest/gtest.h>

namespace spellbot {
namespace {

using Json = nlohmann::ordered_json;

TEST(PythonSemantics, IntOfTextFollowsPython) {
  EXPECT_EQ(PythonSemantics::intOf(std::string_view("42")).value, 42);
  EXPECT_EQ(PythonSemantics::intOf(std::string_view("  -7 ")).value, -7);
  EXPECT_EQ(PythonSemantics::intOf(std::string_view("+1_000")).value, 1000);
  EXPECT_FALSE(PythonSemantics::intOf(std::string_view("1__0")).ok);
  EXPECT_FALSE(PythonSemantics::intOf(std::string_view("_1")).ok);
  EXPECT_FALSE(PythonSemantics::intOf(std::string_view("1.0")).ok);
  EXPECT_FALSE(PythonSemantics::intOf(std::string_view("")).ok);
  EXPECT_EQ(PythonSemantics::intOf(std::string_view("FOO")).error,
            "invalid literal for int() with base 10: 'FOO'");
  EXPECT_EQ(PythonSemantics::intOf(std::string_view("it's")).error,
            "invalid literal for int() with base 10: \"it's\"");
}

TEST(PythonSemantics, HugeIntegersAreValidButFitNothing) {
  const PyInt huge = PythonSemantics::intOf(std::string_view("99999999999999999999999"));
  EXPECT_TRUE(huge.ok);
  EXPECT_FALSE(huge.fits);
  const PyInt max = PythonSemantics::intOf(std::string_view("9223372036854775807"));
  EXPECT_TRUE(max.fits);
  EXPECT_EQ(max.value, INT64_MAX);
  const PyInt min = PythonSemantics::intOf(std::string_view("-9223372036854775808"));
  EXPECT_TRUE(min.fits);
  EXPECT_EQ(min.value, INT64_MIN);
  EXPECT_FALSE(PythonSemantics::intOf(std::string_view("9223372036854775808")).fits);
  EXPECT_FALSE(PythonSemantics::intOf(Json::parse("18446744073709551615")).fits);
  EXPECT_FALSE(PythonSemantics::intOf(Json::parse("1e30")).fits);
}

TEST(PythonSemantics, IntOfJsonValues) {
  EXPECT_EQ(PythonSemantics::intOf(Json(true)).value, 1);
  EXPECT_EQ(PythonSemantics::intOf(Json(3.9)).value, 3);
  EXPECT_EQ(PythonSemantics::intOf(Json("12")).value, 12);
  EXPECT_EQ(PythonSemantics::intOf(Json()).error,
            "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'");
  EXPECT_EQ(PythonSemantics::intOf(Json::array()).error,
            "int() argument must be a string, a bytes-like object or a real number, not 'list'");
}

TEST(PythonSemantics, StrReprAndTruthiness) {
  EXPECT_EQ(PythonSemantics::str(Json()), "None");
  EXPECT_EQ(PythonSemantics::str(Json(false)), "False");
  EXPECT_EQ(PythonSemantics::str(Json(1.5)), "1.5");
  EXPECT_EQ(PythonSemantics::str(Json::parse(R"({"a": [1, "x"]})")), "{'a': [1, 'x']}");
  EXPECT_EQ(PythonSemantics::repr("a\nb"), "'a\\nb'");
  EXPECT_EQ(PythonSemantics::repr("Émile"), "'Émile'");
  EXPECT_FALSE(PythonSemantics::truthy(Json(0)));
  EXPECT_FALSE(PythonSemantics::truthy(Json("")));
  EXPECT_FALSE(PythonSemantics::truthy(Json::array()));
  EXPECT_TRUE(PythonSemantics::truthy(Json("0")));
}

TEST(PythonSemantics, DumpsLikePythonJson) {
  const Json doc = Json::parse(R"({"a": 1, "b": [true, null, 2.5], "c": "Café 🐉 \"q\""})");
  EXPECT_EQ(PythonSemantics::dumps(doc),
            R"({"a": 1, "b": [true, null, 2.5], "c": "Caf\u00e9 \ud83d\udc09 \"q\""})");
  EXPECT_EQ(PythonSemantics::dumps(Json(45.0)), "45.0");
}

TEST(PythonSemantics, JsonErrorTextNamesThePosition) {
  EXPECT_EQ(PythonSemantics::jsonErrorText("", 1), "Expecting value: line 1 column 1 (char 0)");
}

TEST(TimeText, ColumnIsoAndParse) {
  EXPECT_EQ(TimeText::column(1577836800000), "2020-01-01 00:00:00.000000");
  EXPECT_EQ(TimeText::iso(1577836800000), "2020-01-01T00:00:00+00:00");
  EXPECT_EQ(TimeText::iso(1577836800123), "2020-01-01T00:00:00.123000+00:00");
  EXPECT_EQ(TimeText::parse("2020-01-01 00:00:00.123456"), 1577836800123);
  EXPECT_EQ(TimeText::parse("2020-01-01T01:00:00+01:00"), 1577836800000);
  EXPECT_EQ(TimeText::parse("2020-01-01T00:00:00Z"), 1577836800000);
  EXPECT_EQ(TimeText::parse("2020-01-01"), 1577836800000);
  EXPECT_FALSE(TimeText::parse("2020-02-30"));
  EXPECT_FALSE(TimeText::parse("yesterday"));
  EXPECT_FALSE(TimeText::parse("2020-01-01T25:00"));
}

TEST(TimeText, LongFormatInTheBrowsersZone) {
  // upstream's example: 1577836800000 ms with offset 480 (PST)
  EXPECT_EQ(TimeText::longFormat(1577836800000, 480, "America/Los_Angeles"),
            "December 31, 2019, 4:00:00 PM PST");
  EXPECT_EQ(TimeText::longFormat(1577836800000, -330, "Asia/Kolkata"),
            "January 1, 2020, 5:30:00 AM GMT+5:30");
}

}  // namespace
}  // namespace spellbot
