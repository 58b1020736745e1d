// apiary::ConfigReader (sdk/include/apiary/config.hpp): the strict reader every plugin and the
// host's own config loader use. Each error must carry the JSON pointer of the offending value,
// and every key nobody asked for must be reported by finish().
#include <apiary/config.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

using apiary::ConfigError;
using apiary::ConfigReader;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

// "path: message" for each error, in order, for readable expectations.
std::vector<std::string> describe(const std::vector<ConfigError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.path + ": " + e.message);
  return out;
}

// --- typed getters: values, defaults for missing keys ---

TEST(ConfigReader, TypedGettersReadValues) {
  const ConfigReader r = ConfigReader::parse(
      R"({"s": "text", "i": -5, "d": 1.5, "b": true, "l": ["a", "b"], "n": 7})");
  EXPECT_EQ(r.string("s", "fallback"), "text");
  EXPECT_EQ(r.integer("i", 0), -5);
  EXPECT_DOUBLE_EQ(r.number("d", 0), 1.5);
  EXPECT_DOUBLE_EQ(r.number("n", 0), 7.0);  // an integer is a number too
  EXPECT_TRUE(r.boolean("b", false));
  EXPECT_EQ(r.stringList("l"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(r.has("s"));
  EXPECT_FALSE(r.has("missing"));
  EXPECT_THAT(r.finish(), IsEmpty());
}

TEST(ConfigReader, MissingKeysGiveTheDefault) {
  const ConfigReader r = ConfigReader::parse("{}");
  EXPECT_EQ(r.string("s", "fallback"), "fallback");
  EXPECT_EQ(r.integer("i", 42), 42);
  EXPECT_DOUBLE_EQ(r.number("d", 2.5), 2.5);
  EXPECT_FALSE(r.boolean("b", false));
  EXPECT_TRUE(r.boolean("b", true));
  EXPECT_THAT(r.stringList("l"), IsEmpty());
  EXPECT_TRUE(r.raw("free").is_null());
  EXPECT_THAT(r.finish(), IsEmpty());
}

// A default is only for a missing key: a present value is used even when it equals "empty".
TEST(ConfigReader, PresentFalsyValuesAreNotDefaults) {
  const ConfigReader r = ConfigReader::parse(R"({"s": "", "i": 0, "b": false})");
  EXPECT_EQ(r.string("s", "x"), "");
  EXPECT_EQ(r.integer("i", 9), 0);
  EXPECT_FALSE(r.boolean("b", true));
}

TEST(ConfigReader, RequiredString) {
  const ConfigReader r = ConfigReader::parse(R"({"name": "bob"})");
  EXPECT_EQ(r.requiredString("name"), "bob");
  EXPECT_EQ(r.requiredString("missing"), "");
  EXPECT_THAT(describe(r.errors()), ElementsAre("/missing: is required"));
}

// --- wrong types: the default comes back and the error names the key's path ---

TEST(ConfigReader, WrongTypesAreReportedWithTheirPath) {
  const ConfigReader r = ConfigReader::parse(
      R"({"s": 1, "i": "1", "f": 1.5, "d": "x", "b": 1, "l": "a", "o": [], "q": true})");
  EXPECT_EQ(r.string("s", "def"), "def");
  EXPECT_EQ(r.integer("i", 3), 3);
  EXPECT_EQ(r.integer("f", 4), 4);  // 1.5 is not an integer
  EXPECT_DOUBLE_EQ(r.number("d", 0.5), 0.5);
  EXPECT_TRUE(r.boolean("b", true));  // 1 is not a boolean
  EXPECT_THAT(r.stringList("l"), IsEmpty());
  EXPECT_FALSE(r.object("o").has("anything"));
  EXPECT_EQ(r.requiredString("q"), "");
  EXPECT_THAT(describe(r.finish()),
              ElementsAre("/s: expected a string", "/i: expected an integer",
                          "/f: expected an integer", "/d: expected a number",
                          "/b: expected a boolean", "/l: expected an array of strings",
                          "/o: expected an object", "/q: expected a string"));
}

TEST(ConfigReader, NullIsAWrongTypeNotAMissingKey) {
  const ConfigReader r = ConfigReader::parse(R"({"s": null})");
  EXPECT_EQ(r.string("s", "def"), "def");
  EXPECT_THAT(describe(r.errors()), ElementsAre("/s: expected a string"));
}

// --- integer ranges (inclusive) ---

TEST(ConfigReader, IntegerRangeIsInclusive) {
  const ConfigReader r = ConfigReader::parse(R"({"lo": 1, "hi": 10, "neg": -3})");
  EXPECT_EQ(r.integer("lo", 0, 1, 10), 1);
  EXPECT_EQ(r.integer("hi", 0, 1, 10), 10);
  EXPECT_EQ(r.integer("neg", 0, -3, -1), -3);
  EXPECT_THAT(r.errors(), IsEmpty());
}

TEST(ConfigReader, IntegerOutOfRangeGivesTheDefaultAndAnError) {
  const ConfigReader r = ConfigReader::parse(R"({"small": 0, "big": 11, "neg": -1})");
  EXPECT_EQ(r.integer("small", 5, 1, 10), 5);
  EXPECT_EQ(r.integer("big", 6, 1, 10), 6);
  EXPECT_EQ(r.integer("neg", 7, 0, 65535), 7);
  EXPECT_THAT(describe(r.errors()),
              ElementsAre("/small: must be between 1 and 10", "/big: must be between 1 and 10",
                          "/neg: must be between 0 and 65535"));
}

TEST(ConfigReader, FullInt64RangeIsRead) {
  const ConfigReader r =
      ConfigReader::parse(R"({"max": 9223372036854775807, "min": -9223372036854775808})");
  EXPECT_EQ(r.integer("max", 0), INT64_MAX);
  EXPECT_EQ(r.integer("min", 0), INT64_MIN);
  EXPECT_THAT(r.errors(), IsEmpty());
}

// JSON integers above INT64_MAX (2^63 .. 2^64-1) are parsed by nlohmann as unsigned. They must
// not wrap around into negative int64 values that then pass the range check.
TEST(ConfigReader, IntegersAboveInt64MaxAreRejectedNotWrapped) {
  const ConfigReader r =
      ConfigReader::parse(R"({"a": 18446744073709551615, "b": 9223372036854775808})");
  EXPECT_EQ(r.integer("a", 0, -10, 10), 0) << "2^64-1 was read as -1";
  EXPECT_EQ(r.integer("b", 0), 0) << "2^63 was read as INT64_MIN";
  EXPECT_EQ(r.errors().size(), 2u);
}

// --- nested objects ---

TEST(ConfigReader, NestedObjectsHaveNestedPaths) {
  const ConfigReader r =
      ConfigReader::parse(R"({"limits": {"max": 5, "deep": {"name": 1}, "bad": -1}})");
  const ConfigReader limits = r.object("limits");
  EXPECT_EQ(limits.path(), "/limits");
  EXPECT_EQ(limits.integer("max", 0), 5);
  EXPECT_EQ(limits.integer("bad", 9, 0, 10), 9);
  const ConfigReader deep = limits.object("deep");
  EXPECT_EQ(deep.path(), "/limits/deep");
  EXPECT_EQ(deep.string("name", ""), "");
  deep.fail("", "whole object is wrong");
  limits.fail("max", "custom complaint");
  EXPECT_THAT(
      describe(r.finish()),
      ElementsAre("/limits/bad: must be between 0 and 10", "/limits/deep/name: expected a string",
                  "/limits/deep: whole object is wrong", "/limits/max: custom complaint"));
}

TEST(ConfigReader, MissingObjectIsEmpty) {
  const ConfigReader r = ConfigReader::parse("{}");
  const ConfigReader limits = r.object("limits");
  EXPECT_EQ(limits.path(), "/limits");
  EXPECT_EQ(limits.integer("max", 3), 3);
  EXPECT_FALSE(limits.has("max"));
  EXPECT_THAT(r.finish(), IsEmpty());
}

// --- unknown keys ---

TEST(ConfigReader, FinishReportsUnknownKeysAtEveryLevel) {
  const ConfigReader r = ConfigReader::parse(
      R"({"known": 1, "typo": 2, "limits": {"max": 1, "mx": 2, "inner": {"ok": 1, "no": 2}}})");
  r.integer("known", 0);
  const ConfigReader limits = r.object("limits");
  limits.integer("max", 0);
  limits.object("inner").integer("ok", 0);
  EXPECT_THAT(describe(r.finish()),
              UnorderedElementsAre("/typo: unknown key", "/limits/mx: unknown key",
                                   "/limits/inner/no: unknown key"));
}

// An object nobody opened is one unknown key, not one per inner key.
TEST(ConfigReader, UnopenedObjectIsOneUnknownKey) {
  const ConfigReader r = ConfigReader::parse(R"({"section": {"a": 1, "b": 2}})");
  EXPECT_THAT(describe(r.finish()), ElementsAre("/section: unknown key"));
}

TEST(ConfigReader, RawMarksTheKeyKnownWithoutCheckingInside) {
  const ConfigReader r =
      ConfigReader::parse(R"({"free": {"anything": {"goes": [1, 2]}}, "other": 1})");
  const nlohmann::json free = r.raw("free");
  EXPECT_EQ(free, nlohmann::json::parse(R"({"anything": {"goes": [1, 2]}})"));
  EXPECT_THAT(describe(r.finish()), ElementsAre("/other: unknown key"));
}

TEST(ConfigReader, ReadingAMissingKeyIsNotAnError) {
  const ConfigReader r = ConfigReader::parse(R"({"a": 1})");
  r.integer("a", 0);
  r.string("b", "");
  EXPECT_THAT(r.finish(), IsEmpty());
}

TEST(ConfigReader, FinishTwiceDoesNotDuplicate) {
  const ConfigReader r = ConfigReader::parse(R"({"x": 1})");
  EXPECT_EQ(r.finish().size(), 1u);
  EXPECT_EQ(r.finish().size(), 1u);
}

// --- string lists ---

TEST(ConfigReader, StringListReportsTheIndexOfANonString) {
  const ConfigReader r = ConfigReader::parse(R"({"list": ["a", 1, "c", null]})");
  EXPECT_EQ(r.stringList("list"), (std::vector<std::string>{"a", "c"}));
  EXPECT_THAT(describe(r.finish()),
              ElementsAre("/list/1: expected a string", "/list/3: expected a string"));
}

TEST(ConfigReader, StringListInANestedObject) {
  const ConfigReader r = ConfigReader::parse(R"({"cors": {"origins": ["x", false]}})");
  EXPECT_EQ(r.object("cors").stringList("origins"), std::vector<std::string>{"x"});
  EXPECT_THAT(describe(r.finish()), ElementsAre("/cors/origins/1: expected a string"));
}

// --- JSON pointer escaping (RFC 6901): '~' is "~0", '/' is "~1" ---

TEST(ConfigReader, EscapeFollowsRfc6901) {
  EXPECT_EQ(ConfigReader::escape("plain"), "plain");
  EXPECT_EQ(ConfigReader::escape("a/b"), "a~1b");
  EXPECT_EQ(ConfigReader::escape("a~b"), "a~0b");
  EXPECT_EQ(ConfigReader::escape("~1"), "~01");  // '~' first, so "~1" does not become '/'
  EXPECT_EQ(ConfigReader::escape("/~"), "~1~0");
  EXPECT_EQ(ConfigReader::escape(""), "");
}

TEST(ConfigReader, PathsEscapeKeys) {
  const ConfigReader r =
      ConfigReader::parse(R"({"a/b": "x", "t~n": {"k/": 1, "~": 2}, "x/y": {"u": 1}})");
  r.integer("a/b", 0);
  const ConfigReader t = r.object("t~n");
  EXPECT_EQ(t.path(), "/t~0n");
  t.integer("k/", 0);
  r.object("x/y").string("u", "");
  EXPECT_THAT(describe(r.finish()),
              UnorderedElementsAre("/a~1b: expected an integer", "/x~1y/u: expected a string",
                                   "/t~0n/~0: unknown key"));
}

// --- the text itself ---

TEST(ConfigReader, EmptyTextAndNullAreAnEmptyObject) {
  EXPECT_THAT(ConfigReader::parse("").finish(), IsEmpty());
  EXPECT_THAT(ConfigReader::parse("null").finish(), IsEmpty());
  EXPECT_THAT(ConfigReader::parse(" {} ").finish(), IsEmpty());
}

TEST(ConfigReader, ParseErrorIsReportedAtTheRoot) {
  const ConfigReader r = ConfigReader::parse(R"({"a": 1,)");
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].path, "");
  EXPECT_THAT(r.errors()[0].message, StartsWith("invalid JSON: "));
  // The reader stays usable: getters give defaults, nothing else is reported.
  EXPECT_EQ(r.integer("a", 9), 9);
  EXPECT_EQ(r.finish().size(), 1u);
}

TEST(ConfigReader, TopLevelMustBeAnObject) {
  for (const char* text : {"[1, 2]", "42", "\"text\"", "true"}) {
    const ConfigReader r = ConfigReader::parse(text);
    EXPECT_THAT(describe(r.finish()), ElementsAre(": expected an object")) << text;
    EXPECT_EQ(r.string("x", "d"), "d") << text;
  }
}

}  // namespace
