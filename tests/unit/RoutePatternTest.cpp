// apiary::RoutePattern and apiary::splitPath (sdk/include/apiary/route_pattern.hpp): the one
// matcher shared by the host's route table and the SDK's fake host.
#include <apiary/route_pattern.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace {

using apiary::PathParams;
using apiary::RoutePattern;
using apiary::splitPath;
using Segments = std::vector<std::string>;

RoutePattern pattern(const std::string& text, bool dropTrailingSlash = false) {
  std::string error;
  auto p = RoutePattern::parse(text, dropTrailingSlash, &error);
  EXPECT_TRUE(p.has_value()) << text << ": " << error;
  return p.value_or(RoutePattern{});
}

// The parse error for text, or "<parsed>" when it parsed.
std::string parseError(const std::string& text) {
  std::string error;
  return RoutePattern::parse(text, false, &error) ? "<parsed>" : error;
}

Segments split(const std::string& path, bool dropTrailingSlash = false) {
  Segments out;
  EXPECT_TRUE(splitPath(path, dropTrailingSlash, out)) << path;
  return out;
}

bool splits(const std::string& path) {
  Segments out;
  return splitPath(path, false, out);
}

// Matches path against text and returns the params, or nullopt when it does not match.
std::optional<PathParams> match(const std::string& text, const std::string& path,
                                bool caseInsensitive = false, bool dropTrailingSlash = false) {
  PathParams params;
  if (!pattern(text, dropTrailingSlash)
           .match(split(path, dropTrailingSlash), caseInsensitive, &params))
    return std::nullopt;
  return params;
}

// --- parsing: what a plugin may write, and the error for what it may not ---

TEST(RoutePatternParse, LiteralAndParamSegments) {
  const RoutePattern p = pattern("/preview/{previewCode}/raw");
  ASSERT_EQ(p.segments().size(), 3u);
  EXPECT_EQ(p.segments()[0].text, "preview");
  EXPECT_FALSE(p.segments()[0].isParam);
  EXPECT_EQ(p.segments()[1].text, "previewCode");
  EXPECT_TRUE(p.segments()[1].isParam);
  EXPECT_EQ(p.segments()[2].text, "raw");
  EXPECT_FALSE(p.segments()[2].isParam);
}

TEST(RoutePatternParse, ParamNamesAreLettersDigitsAndUnderscore) {
  EXPECT_EQ(parseError("/{user_id2}"), "<parsed>");
  EXPECT_EQ(parseError("/{A}"), "<parsed>");
  EXPECT_EQ(parseError("/{_}"), "<parsed>");
  EXPECT_EQ(parseError("/{9}"), "<parsed>");
  EXPECT_EQ(parseError("/{a-b}"), "bad parameter name 'a-b'");
  EXPECT_EQ(parseError("/{a b}"), "bad parameter name 'a b'");
  EXPECT_EQ(parseError("/{a.b}"), "bad parameter name 'a.b'");
  EXPECT_EQ(parseError("/{a}{b}"), "bad parameter name 'a}{b'");
}

TEST(RoutePatternParse, MustStartWithSlash) {
  EXPECT_EQ(parseError(""), "pattern must start with '/'");
  EXPECT_EQ(parseError("users"), "pattern must start with '/'");
  EXPECT_EQ(parseError("users/{id}"), "pattern must start with '/'");
}

TEST(RoutePatternParse, EmptySegmentsAreRejected) {
  EXPECT_EQ(parseError("//"), "empty segment in pattern");
  EXPECT_EQ(parseError("/a//b"), "empty segment in pattern");
  EXPECT_EQ(parseError("//a"), "empty segment in pattern");
  EXPECT_EQ(parseError("/a//"), "empty segment in pattern");
}

TEST(RoutePatternParse, MalformedParamSegments) {
  EXPECT_EQ(parseError("/{}"), "bad parameter segment");
  EXPECT_EQ(parseError("/{a"), "bad parameter segment");
  EXPECT_EQ(parseError("/{"), "bad parameter segment");
  EXPECT_EQ(parseError("/{a}b"), "bad parameter segment");
}

TEST(RoutePatternParse, DuplicateParamNames) {
  EXPECT_EQ(parseError("/{id}/x/{id}"), "duplicate parameter 'id'");
  EXPECT_EQ(parseError("/{id}/x/{Id}"), "<parsed>");  // names are case-sensitive
}

TEST(RoutePatternParse, ParamsMustSpanAWholeSegment) {
  EXPECT_EQ(parseError("/a{b}"), "parameters must span a whole segment");
  EXPECT_EQ(parseError("/file.{ext}"), "parameters must span a whole segment");
  EXPECT_EQ(parseError("/a}"), "parameters must span a whole segment");
  EXPECT_EQ(parseError("/x/a{b}c"), "parameters must span a whole segment");
}

TEST(RoutePatternParse, NullErrorPointerIsAllowed) {
  EXPECT_FALSE(RoutePattern::parse("nope", false, nullptr).has_value());
  EXPECT_TRUE(RoutePattern::parse("/ok", false, nullptr).has_value());
}

// --- the root pattern and trailing slashes ---

TEST(RoutePatternRoot, RootHasNoSegmentsAndMatchesOnlySlash) {
  const RoutePattern root = pattern("/");
  EXPECT_TRUE(root.segments().empty());
  EXPECT_EQ(root.shapeKey(false), "/");
  EXPECT_TRUE(root.match(split("/"), false, nullptr));
  EXPECT_FALSE(root.match(split("/a"), false, nullptr));
  EXPECT_FALSE(root.match(split("//"), false, nullptr));
  EXPECT_EQ(split("/"), Segments{});
}

TEST(RoutePatternTrailingSlash, KeptAsAnEmptySegmentByDefault) {
  const RoutePattern p = pattern("/a/");
  ASSERT_EQ(p.segments().size(), 2u);
  EXPECT_EQ(p.segments()[1].text, "");
  EXPECT_FALSE(p.segments()[1].isParam);
  EXPECT_EQ(split("/a/"), (Segments{"a", ""}));
}

TEST(RoutePatternTrailingSlash, DroppedWhenAsked) {
  EXPECT_EQ(pattern("/a/", true).segments().size(), 1u);
  EXPECT_EQ(split("/a/", true), Segments{"a"});
  // Only the last, empty segment goes; an inner empty segment stays.
  EXPECT_EQ(split("/a//", true), (Segments{"a", ""}));
  EXPECT_EQ(split("//", true), Segments{""});
}

TEST(RoutePatternTrailingSlash, StrictWithoutDrop) {
  EXPECT_TRUE(match("/a", "/a"));
  EXPECT_FALSE(match("/a", "/a/"));
  EXPECT_TRUE(match("/a/", "/a/"));
  EXPECT_FALSE(match("/a/", "/a"));
  EXPECT_FALSE(match("/a/{id}", "/a/1/"));
}

TEST(RoutePatternTrailingSlash, OptionalWithDrop) {
  EXPECT_TRUE(match("/a", "/a", false, true));
  EXPECT_TRUE(match("/a", "/a/", false, true));
  EXPECT_TRUE(match("/a/", "/a", false, true));
  EXPECT_EQ(match("/a/{id}", "/a/1/", false, true), (PathParams{{"id", "1"}}));
  EXPECT_FALSE(match("/a", "/a//", false, true));  // one slash is optional, not two
}

// --- matching ---

TEST(RoutePatternMatch, LiteralSegmentsMatchExactly) {
  EXPECT_EQ(match("/users/list", "/users/list"), PathParams{});
  EXPECT_FALSE(match("/users/list", "/users/lis"));
  EXPECT_FALSE(match("/users/list", "/users"));
  EXPECT_FALSE(match("/users/list", "/users/list/x"));
  EXPECT_FALSE(match("/users/list", "/Users/list"));
}

TEST(RoutePatternMatch, ParamsCaptureTheirSegment) {
  EXPECT_EQ(match("/users/{id}/posts/{post}", "/users/42/posts/abc"),
            (PathParams{{"id", "42"}, {"post", "abc"}}));
  EXPECT_FALSE(match("/users/{id}", "/users"));
  EXPECT_FALSE(match("/users/{id}", "/users/"));  // an empty segment is not a value
  EXPECT_FALSE(match("/users/{id}", "/users/1/2"));
}

TEST(RoutePatternMatch, CaseInsensitiveLiteralsKeepParamCase) {
  EXPECT_TRUE(match("/Users/List", "/users/LIST", true));
  EXPECT_FALSE(match("/Users/List", "/users/LIST", false));
  EXPECT_EQ(match("/users/{name}", "/USERS/MixedCase", true), (PathParams{{"name", "MixedCase"}}));
  EXPECT_FALSE(match("/users/x", "/users/y", true));
}

TEST(RoutePatternMatch, ParamsArePercentDecoded) {
  EXPECT_EQ(match("/hello/{name}", "/hello/j%C3%BCrgen%20x"),
            (PathParams{{"name", "j\xC3\xBCrgen x"}}));
  EXPECT_EQ(match("/hello/{name}", "/hello/a+b"), (PathParams{{"name", "a+b"}}));  // no '+'
  EXPECT_EQ(match("/hello/{name}", "/hello/%41%62"), (PathParams{{"name", "Ab"}}));
}

TEST(RoutePatternMatch, LiteralsMatchTheDecodedSegment) {
  EXPECT_TRUE(match("/hello", "/%68ello"));
  EXPECT_TRUE(match("/a b", "/a%20b"));
}

// An escaped slash is data: it does not split the path.
TEST(RoutePatternMatch, EncodedSlashStaysInsideTheParam) {
  EXPECT_EQ(split("/files/a%2Fb/c"), (Segments{"files", "a/b", "c"}));
  EXPECT_EQ(match("/files/{name}", "/files/a%2Fb"), (PathParams{{"name", "a/b"}}));
  EXPECT_EQ(match("/files/{name}", "/files/a%2fb"), (PathParams{{"name", "a/b"}}));
  EXPECT_FALSE(match("/files/a/b", "/files/a%2Fb"));
}

TEST(RoutePatternMatch, ParamsAreAppendedOnlyOnAMatch) {
  const RoutePattern p = pattern("/a/{x}");
  PathParams params{{"before", "1"}};
  EXPECT_FALSE(p.match(split("/b/2"), false, &params));
  EXPECT_EQ(params, (PathParams{{"before", "1"}}));
  EXPECT_TRUE(p.match(split("/a/2"), false, &params));
  EXPECT_EQ(params, (PathParams{{"before", "1"}, {"x", "2"}}));
  EXPECT_TRUE(p.match(split("/a/3"), false, nullptr));
}

// --- splitPath ---

TEST(SplitPath, SplitsAndDecodes) {
  EXPECT_EQ(split("/a/b/c"), (Segments{"a", "b", "c"}));
  EXPECT_EQ(split("/a//b"), (Segments{"a", "", "b"}));
  EXPECT_EQ(split("//"), (Segments{"", ""}));
  EXPECT_EQ(split("/%25"), Segments{"%"});  // an escaped '%' is decoded once only
  EXPECT_EQ(split("/%2525"), Segments{"%25"});
}

TEST(SplitPath, ClearsItsOutput) {
  Segments out{"stale"};
  ASSERT_TRUE(splitPath("/x", false, out));
  EXPECT_EQ(out, Segments{"x"});
}

TEST(SplitPath, RejectsMalformedEscapes) {
  EXPECT_FALSE(splits("/%"));
  EXPECT_FALSE(splits("/%4"));
  EXPECT_FALSE(splits("/%zz"));
  EXPECT_FALSE(splits("/%4g"));
  EXPECT_FALSE(splits("/%g4"));
  EXPECT_FALSE(splits("/a%"));
  EXPECT_FALSE(splits("/a%/b"));  // the escape may not run into the next segment
  EXPECT_FALSE(splits("/a%2/b"));
  EXPECT_FALSE(splits("/ok/%"));
  EXPECT_TRUE(splits("/a%2F"));  // a complete escape at the very end is fine
}

TEST(SplitPath, RejectsPathsWithoutLeadingSlash) {
  EXPECT_FALSE(splits(""));
  EXPECT_FALSE(splits("a/b"));
  EXPECT_FALSE(splits("*"));
}

// --- which of two matching routes wins, and when two routes are the same ---

TEST(RoutePatternSpecificity, LiteralBeatsParamAtTheFirstDifference) {
  EXPECT_TRUE(pattern("/a/b").moreSpecificThan(pattern("/a/{x}")));
  EXPECT_FALSE(pattern("/a/{x}").moreSpecificThan(pattern("/a/b")));
  // Decided at the first differing segment, whatever follows.
  EXPECT_TRUE(pattern("/a/{x}").moreSpecificThan(pattern("/{y}/b")));
  EXPECT_FALSE(pattern("/{y}/b").moreSpecificThan(pattern("/a/{x}")));
}

TEST(RoutePatternSpecificity, SameKindsAreNotMoreSpecific) {
  EXPECT_FALSE(pattern("/a/{x}").moreSpecificThan(pattern("/a/{y}")));
  EXPECT_FALSE(pattern("/a/{y}").moreSpecificThan(pattern("/a/{x}")));
  EXPECT_FALSE(pattern("/a/b").moreSpecificThan(pattern("/a/c")));
  EXPECT_FALSE(pattern("/").moreSpecificThan(pattern("/")));
}

TEST(RoutePatternShape, ParamNamesDoNotMatter) {
  EXPECT_EQ(pattern("/a/{x}").shapeKey(false), "/a/{}");
  EXPECT_EQ(pattern("/a/{x}").shapeKey(false), pattern("/a/{y}").shapeKey(false));
  EXPECT_NE(pattern("/a/{x}").shapeKey(false), pattern("/a/b").shapeKey(false));
  EXPECT_NE(pattern("/a/{x}").shapeKey(false), pattern("/a/{x}/c").shapeKey(false));
}

TEST(RoutePatternShape, CaseFoldsOnlyWhenInsensitive) {
  EXPECT_NE(pattern("/Users/{id}").shapeKey(false), pattern("/users/{id}").shapeKey(false));
  EXPECT_EQ(pattern("/Users/{id}").shapeKey(true), "/users/{}");
  EXPECT_EQ(pattern("/Users/{id}").shapeKey(true), pattern("/users/{x}").shapeKey(true));
}

TEST(RoutePatternShape, TrailingSlashIsPartOfTheShapeUnlessDropped) {
  EXPECT_EQ(pattern("/a/").shapeKey(false), "/a/");
  EXPECT_NE(pattern("/a/").shapeKey(false), pattern("/a").shapeKey(false));
  EXPECT_EQ(pattern("/a/", true).shapeKey(false), pattern("/a", true).shapeKey(false));
}

}  // namespace
