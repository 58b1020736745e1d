// apiary::RouteTable over apiary::Mount (host/RouteTable.h, host/Mount.h): which route a request
// reaches, 404 versus 405 and its Allow header, the router option flags, mount prefixes, and the
// startup conflict checks. Mounts are filled exactly as register_routes fills them (addRoute
// with an apiary_route_def, then freeze), owned by real PluginInstances whose library is a
// dummy descriptor that is never called.
#include <Mount.h>
#include <PluginInstance.h>
#include <PluginLibrary.h>
#include <RouteTable.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

using apiary::Mount;
using apiary::PathParams;
using apiary::PluginInstance;
using apiary::RouteTable;
using Outcome = RouteTable::Outcome;
using ::testing::HasSubstr;

int32_t dummyHandler(void*, const apiary_request*, apiary_response*) {
  return APIARY_OK;
}

// Only name and version are ever read (conflict messages); no callback is ever called.
const apiary_plugin_descriptor kDummyDescriptor = [] {
  apiary_plugin_descriptor d{};
  d.struct_size = sizeof d;
  d.magic = APIARY_ABI_MAGIC;
  d.abi_major = APIARY_ABI_MAJOR;
  d.abi_minor = APIARY_ABI_MINOR;
  d.kind = APIARY_KIND_ROUTES;
  d.name = "dummy";
  d.version = "0.0.0";
  return d;
}();

apiary_str str(const char* s) {
  return apiary_str{s, std::strlen(s)};
}

struct Route {
  const char* method;
  const char* pattern;
};

class RouteTableTest : public ::testing::Test {
 protected:
  // A frozen mount of a new plugin instance named plugin, on listener "main".
  std::shared_ptr<Mount> mount(const std::string& plugin, const std::string& prefix,
                               const std::vector<Route>& routes, uint32_t flags = 0,
                               bool cors = false) {
    apiary::PluginEntryConfig config;
    config.name = plugin;
    config.listener = "main";
    config.prefix = prefix;
    instances_.push_back(std::make_unique<PluginInstance>(
        std::make_shared<apiary::PluginLibrary>("/nonexistent/lib" + plugin + ".so",
                                                &kDummyDescriptor),
        config));
    auto m = std::make_shared<Mount>(instances_.back().get(), "main", prefix, -1);
    m->setFlags(flags);
    if (cors) m->setCors(apiary::CorsSettings{"*", "GET,POST", "", 204, -1});
    for (const auto& r : routes) {
      apiary_route_def def{};
      def.struct_size = sizeof def;
      def.method = str(r.method);
      def.pattern = str(r.pattern);
      def.summary = str("");
      def.handler = &dummyHandler;
      std::string error;
      EXPECT_TRUE(m->addRoute(def, &error)) << r.method << " " << r.pattern << ": " << error;
    }
    std::string error;
    EXPECT_TRUE(m->freeze(&error)) << error;
    return m;
  }

  // A table holding a single root mount of plugin "p" with routes.
  RouteTable single(const std::vector<Route>& routes, uint32_t flags = 0, bool cors = false) {
    RouteTable table;
    table.add(mount("p", "", routes, flags, cors));
    return table;
  }

  // "METHOD pattern" of the route a request reaches, or the outcome's name.
  static std::string reached(const RouteTable& table, const std::string& method,
                             const std::string& path) {
    const RouteTable::Match m = table.match(method, path);
    switch (m.outcome) {
      case Outcome::Found: return m.route->method + " " + m.route->pattern;
      case Outcome::NotFound: return "404";
      case Outcome::MethodNotAllowed: return "405 Allow: " + m.allow;
      case Outcome::BadPath: return "400";
    }
    return "?";
  }

  std::vector<std::unique_ptr<PluginInstance>> instances_;
};

// --- a literal segment beats a parameter, whatever the registration order ---

TEST_F(RouteTableTest, LiteralWinsOverParamRegisteredFirst) {
  const RouteTable t = single({{"GET", "/users/{id}"}, {"GET", "/users/me"}});
  EXPECT_EQ(reached(t, "GET", "/users/me"), "GET /users/me");
  EXPECT_EQ(reached(t, "GET", "/users/42"), "GET /users/{id}");
}

TEST_F(RouteTableTest, LiteralWinsOverParamRegisteredLast) {
  const RouteTable t = single({{"GET", "/users/me"}, {"GET", "/users/{id}"}});
  EXPECT_EQ(reached(t, "GET", "/users/me"), "GET /users/me");
  EXPECT_EQ(reached(t, "GET", "/users/42"), "GET /users/{id}");
}

TEST_F(RouteTableTest, FirstDifferingSegmentDecides) {
  const RouteTable a = single({{"GET", "/{kind}/x"}, {"GET", "/y/{id}"}});
  EXPECT_EQ(reached(a, "GET", "/y/x"), "GET /y/{id}");
  const RouteTable b = single({{"GET", "/y/{id}"}, {"GET", "/{kind}/x"}});
  EXPECT_EQ(reached(b, "GET", "/y/x"), "GET /y/{id}");
}

TEST_F(RouteTableTest, FoundCarriesDecodedParamsAndTheMount) {
  const RouteTable t = single({{"GET", "/users/{id}/posts/{post}"}});
  const RouteTable::Match m = t.match("GET", "/users/a%20b/posts/7");
  ASSERT_EQ(m.outcome, Outcome::Found);
  EXPECT_EQ(m.params, (PathParams{{"id", "a b"}, {"post", "7"}}));
  EXPECT_EQ(m.mount, t.mounts().front().get());
  EXPECT_EQ(m.route->handler, &dummyHandler);
  EXPECT_EQ(m.allow, "");
}

// --- 404 versus 405, and the Allow header ---

TEST_F(RouteTableTest, UnknownPathIs404OfTheOwningMount) {
  const RouteTable t = single({{"GET", "/users"}});
  const RouteTable::Match m = t.match("GET", "/nothing");
  EXPECT_EQ(m.outcome, Outcome::NotFound);
  EXPECT_EQ(m.mount, t.mounts().front().get());  // its error formatter renders the 404
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allow, "");
}

TEST_F(RouteTableTest, KnownPathWithAnotherMethodIs405WithAllow) {
  const RouteTable t = single({{"GET", "/users"}, {"POST", "/users"}, {"DELETE", "/users/{id}"}});
  EXPECT_EQ(reached(t, "PUT", "/users"), "405 Allow: GET, HEAD, POST");
  EXPECT_EQ(reached(t, "GET", "/users/1"), "405 Allow: DELETE");
  const RouteTable::Match m = t.match("PATCH", "/users");
  EXPECT_EQ(m.outcome, Outcome::MethodNotAllowed);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.mount, t.mounts().front().get());
}

// Allow lists every method of every route that matches the path, once, in registration order.
TEST_F(RouteTableTest, AllowUnitesAllMatchingRoutes) {
  const RouteTable t = single({{"DELETE", "/users/me"},
                               {"GET", "/users/{id}"},
                               {"PUT", "/users/me"},
                               {"GET", "/users/me"}});
  EXPECT_EQ(reached(t, "POST", "/users/me"), "405 Allow: DELETE, GET, HEAD, PUT");
  EXPECT_EQ(reached(t, "POST", "/users/1"), "405 Allow: GET, HEAD");
}

TEST_F(RouteTableTest, ExplicitHeadIsNotListedTwice) {
  const RouteTable t = single({{"HEAD", "/x"}, {"GET", "/x"}});
  EXPECT_EQ(reached(t, "POST", "/x"), "405 Allow: HEAD, GET");
}

TEST_F(RouteTableTest, AllowListsOptionsWhenCorsIsSet) {
  const RouteTable t = single({{"GET", "/users"}}, 0, /*cors=*/true);
  EXPECT_EQ(reached(t, "POST", "/users"), "405 Allow: GET, HEAD, OPTIONS");
  const RouteTable noGet = single({{"POST", "/users"}}, 0, /*cors=*/true);
  EXPECT_EQ(reached(noGet, "PUT", "/users"), "405 Allow: POST, OPTIONS");
}

TEST_F(RouteTableTest, MethodMismatchIs404WhenFlagged) {
  const RouteTable t = single({{"GET", "/users"}}, APIARY_ROUTER_METHOD_MISMATCH_IS_404);
  const RouteTable::Match m = t.match("POST", "/users");
  EXPECT_EQ(m.outcome, Outcome::NotFound);
  EXPECT_EQ(m.allow, "");
  EXPECT_EQ(reached(t, "GET", "/users"), "GET /users");
  EXPECT_EQ(reached(t, "HEAD", "/users"), "GET /users");
}

// --- HEAD ---

TEST_F(RouteTableTest, HeadIsServedByTheGetRoute) {
  const RouteTable t = single({{"GET", "/users/{id}"}, {"GET", "/users/me"}});
  EXPECT_EQ(reached(t, "HEAD", "/users/me"), "GET /users/me");
  EXPECT_EQ(reached(t, "HEAD", "/users/1"), "GET /users/{id}");
  const RouteTable::Match m = t.match("HEAD", "/users/1");
  EXPECT_EQ(m.params, (PathParams{{"id", "1"}}));
}

TEST_F(RouteTableTest, AnExplicitHeadRouteWins) {
  const RouteTable t = single({{"GET", "/x"}, {"HEAD", "/x"}});
  EXPECT_EQ(reached(t, "HEAD", "/x"), "HEAD /x");
}

TEST_F(RouteTableTest, HeadWithoutGetIs405) {
  const RouteTable t = single({{"POST", "/x"}});
  EXPECT_EQ(reached(t, "HEAD", "/x"), "405 Allow: POST");
}

// Methods are compared exactly: HTTP methods are case-sensitive.
TEST_F(RouteTableTest, MethodsAreCaseSensitive) {
  const RouteTable t = single({{"GET", "/x"}});
  EXPECT_EQ(reached(t, "get", "/x"), "405 Allow: GET, HEAD");
}

// --- router option flags ---

TEST_F(RouteTableTest, CaseSensitiveByDefault) {
  const RouteTable t = single({{"GET", "/Users/me"}});
  EXPECT_EQ(reached(t, "GET", "/Users/me"), "GET /Users/me");
  EXPECT_EQ(reached(t, "GET", "/users/ME"), "404");
}

TEST_F(RouteTableTest, CaseInsensitiveFlag) {
  const RouteTable t =
      single({{"GET", "/Users/me"}, {"GET", "/files/{name}"}}, APIARY_ROUTER_CASE_INSENSITIVE);
  EXPECT_EQ(reached(t, "GET", "/users/ME"), "GET /Users/me");
  EXPECT_EQ(t.match("GET", "/FILES/ReadMe").params, (PathParams{{"name", "ReadMe"}}));
}

TEST_F(RouteTableTest, StrictTrailingSlashByDefault) {
  const RouteTable t = single({{"GET", "/users"}, {"GET", "/dir/"}});
  EXPECT_EQ(reached(t, "GET", "/users"), "GET /users");
  EXPECT_EQ(reached(t, "GET", "/users/"), "404");
  EXPECT_EQ(reached(t, "GET", "/dir/"), "GET /dir/");
  EXPECT_EQ(reached(t, "GET", "/dir"), "404");
}

TEST_F(RouteTableTest, OptionalTrailingSlashFlag) {
  const RouteTable t =
      single({{"GET", "/users"}, {"GET", "/dir/"}}, APIARY_ROUTER_OPTIONAL_TRAILING_SLASH);
  EXPECT_EQ(reached(t, "GET", "/users"), "GET /users");
  EXPECT_EQ(reached(t, "GET", "/users/"), "GET /users");
  EXPECT_EQ(reached(t, "GET", "/dir/"), "GET /dir/");
  EXPECT_EQ(reached(t, "GET", "/dir"), "GET /dir/");
  EXPECT_EQ(reached(t, "GET", "/users//"), "404");
}

// Under optional trailing slashes "/a" and "/a/" are the same route.
TEST_F(RouteTableTest, OptionalTrailingSlashMakesSlashVariantsDuplicates) {
  RouteTable t;
  EXPECT_THROW(
      t.add(mount("p", "", {{"GET", "/a"}, {"GET", "/a/"}}, APIARY_ROUTER_OPTIONAL_TRAILING_SLASH)),
      std::runtime_error);
  EXPECT_NO_THROW(t.add(mount("q", "", {{"GET", "/a"}, {"GET", "/a/"}})));
}

// --- mount prefixes ---

TEST_F(RouteTableTest, PrefixedAndRootMountsSplitThePathSpace) {
  RouteTable t;
  t.add(mount("api", "/api", {{"GET", "/users"}}));
  t.add(mount("site", "", {{"GET", "/users"}, {"GET", "/apix"}}));
  const Mount* api = t.mounts()[0].get();
  const Mount* site = t.mounts()[1].get();

  RouteTable::Match m = t.match("GET", "/api/users");
  ASSERT_EQ(m.outcome, Outcome::Found);
  EXPECT_EQ(m.mount, api);
  m = t.match("GET", "/users");
  ASSERT_EQ(m.outcome, Outcome::Found);
  EXPECT_EQ(m.mount, site);
  // "/apix" shares the characters of "/api" but is not under it.
  m = t.match("GET", "/apix");
  ASSERT_EQ(m.outcome, Outcome::Found);
  EXPECT_EQ(m.mount, site);
  EXPECT_EQ(t.mountFor("/apix"), site);
  // Under the prefix, the prefixed mount owns the path even when it has no route for it.
  m = t.match("GET", "/api/apix");
  EXPECT_EQ(m.outcome, Outcome::NotFound);
  EXPECT_EQ(m.mount, api);
  EXPECT_EQ(t.mountFor("/api"), api);
  EXPECT_EQ(t.mountFor("/api/"), api);
}

TEST_F(RouteTableTest, LongestPrefixWins) {
  RouteTable t;
  t.add(mount("v2", "/api/v2", {{"GET", "/users"}}));
  t.add(mount("api", "/api", {{"GET", "/{anything}/users"}}));
  const Mount* v2 = t.mounts()[0].get();
  const Mount* api = t.mounts()[1].get();
  EXPECT_EQ(t.mountFor("/api/v2/users"), v2);
  EXPECT_EQ(t.match("GET", "/api/v2/users").mount, v2);
  EXPECT_EQ(t.mountFor("/api/v3/users"), api);
  EXPECT_EQ(t.mountFor("/api/v2x/users"), api);
  EXPECT_EQ(reached(t, "GET", "/api/v2x/users"), "GET /{anything}/users");
}

TEST_F(RouteTableTest, NoMountOwnsAPathOutsideEveryPrefix) {
  RouteTable t;
  t.add(mount("api", "/api", {{"GET", "/users"}}));
  EXPECT_EQ(t.mountFor("/users"), nullptr);
  const RouteTable::Match m = t.match("GET", "/users");
  EXPECT_EQ(m.outcome, Outcome::NotFound);
  EXPECT_EQ(m.mount, nullptr);
  EXPECT_EQ(RouteTable{}.match("GET", "/").mount, nullptr);
}

TEST_F(RouteTableTest, CaseInsensitiveMountMatchesItsPrefixCaseInsensitively) {
  RouteTable t;
  t.add(mount("api", "/api", {{"GET", "/users"}}, APIARY_ROUTER_CASE_INSENSITIVE));
  EXPECT_EQ(reached(t, "GET", "/API/Users"), "GET /users");
}

// --- conflicts are a startup error ---

TEST_F(RouteTableTest, SameMethodAndShapeOnTwoMountsConflicts) {
  RouteTable t;
  t.add(mount("spectra", "", {{"GET", "/status"}, {"GET", "/items/{id}"}}));
  try {
    t.add(mount("spellbot", "", {{"GET", "/items/{code}"}}));
    FAIL() << "no conflict reported";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("'spellbot'"));
    EXPECT_THAT(e.what(), HasSubstr("'spectra'"));
    EXPECT_THAT(e.what(), HasSubstr("GET /items/{code}"));
    EXPECT_THAT(e.what(), HasSubstr("GET /items/{id}"));
    EXPECT_THAT(e.what(), HasSubstr("listener 'main'"));
  }
  EXPECT_EQ(t.mounts().size(), 1u);  // the refused mount was not added
}

TEST_F(RouteTableTest, SamePathThroughDifferentPrefixesConflicts) {
  RouteTable t;
  t.add(mount("a", "/api", {{"GET", "/status"}}));
  EXPECT_THROW(t.add(mount("b", "", {{"GET", "/api/status"}})), std::runtime_error);
}

TEST_F(RouteTableTest, CaseInsensitiveMountConflictsAcrossCase) {
  RouteTable t;
  t.add(mount("a", "", {{"GET", "/Status"}}, APIARY_ROUTER_CASE_INSENSITIVE));
  EXPECT_THROW(t.add(mount("b", "", {{"GET", "/status"}})), std::runtime_error);
  RouteTable strict;
  strict.add(mount("c", "", {{"GET", "/Status"}}));
  EXPECT_NO_THROW(strict.add(mount("d", "", {{"GET", "/status"}})));
}

TEST_F(RouteTableTest, DifferentMethodsDoNotConflict) {
  RouteTable t;
  t.add(mount("a", "", {{"GET", "/status"}}));
  EXPECT_NO_THROW(t.add(mount("b", "", {{"POST", "/status"}})));
  EXPECT_EQ(t.mounts().size(), 2u);
}

// Mounts that share a prefix (several plugins at the root of one listener: an API plus its
// optional backend module) passed the conflict check, so each must serve its own routes.
TEST_F(RouteTableTest, MountsSharingAPrefixAreAllReachable) {
  RouteTable t;
  t.add(mount("a", "", {{"GET", "/status"}, {"GET", "/a"}}));
  t.add(mount("b", "", {{"POST", "/status"}, {"GET", "/b"}}));
  EXPECT_EQ(reached(t, "GET", "/a"), "GET /a");
  EXPECT_EQ(reached(t, "GET", "/b"), "GET /b");
  EXPECT_EQ(t.match("GET", "/b").mount, t.mounts()[1].get());
  EXPECT_EQ(reached(t, "GET", "/status"), "GET /status");
  EXPECT_EQ(reached(t, "POST", "/status"), "POST /status");
  EXPECT_EQ(t.match("POST", "/status").mount, t.mounts()[1].get());
}

TEST_F(RouteTableTest, DifferentPrefixesDoNotConflict) {
  RouteTable t;
  t.add(mount("a", "/a", {{"GET", "/status"}}));
  EXPECT_NO_THROW(t.add(mount("b", "/b", {{"GET", "/status"}})));
  EXPECT_EQ(t.match("GET", "/b/status").mount, t.mounts()[1].get());
}

TEST_F(RouteTableTest, DifferentShapesDoNotConflict) {
  RouteTable t;
  t.add(mount("a", "", {{"GET", "/items/{id}"}}));
  EXPECT_NO_THROW(t.add(mount("b", "", {{"GET", "/items/special"}})));
}

TEST_F(RouteTableTest, DuplicateRouteWithinOneMountThrows) {
  RouteTable t;
  try {
    t.add(mount("solo", "", {{"GET", "/a/{x}"}, {"POST", "/a/{x}"}, {"GET", "/a/{y}"}}));
    FAIL() << "duplicate not reported";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("'solo'"));
    EXPECT_THAT(e.what(), HasSubstr("GET /a/{y}"));
    EXPECT_THAT(e.what(), HasSubstr("twice"));
  }
  EXPECT_TRUE(t.mounts().empty());
}

// --- malformed paths ---

TEST_F(RouteTableTest, MalformedEscapeIsBadPath) {
  const RouteTable t = single({{"GET", "/files/{name}"}});
  for (const char* path : {"/files/%zz", "/files/%", "/files/%4", "/%zz"}) {
    const RouteTable::Match m = t.match("GET", path);
    EXPECT_EQ(m.outcome, Outcome::BadPath) << path;
    EXPECT_EQ(m.mount, t.mounts().front().get()) << path;
  }
  EXPECT_EQ(t.match("GET", "/files/a%2Fb").params, (PathParams{{"name", "a/b"}}));
}

// --- what Mount::addRoute refuses (reported by the host as a rejection) ---

TEST_F(RouteTableTest, AddRouteRejectsInvalidDefinitions) {
  mount("owner", "", {});  // creates the owning instance
  Mount m(instances_.back().get(), "main", "", -1);
  apiary_route_def def{};
  def.struct_size = sizeof def;
  def.handler = &dummyHandler;
  std::string error;

  def.method = str("get");
  def.pattern = str("/x");
  EXPECT_FALSE(m.addRoute(def, &error));
  EXPECT_EQ(error, "invalid method 'get'");

  def.method = str("");
  EXPECT_FALSE(m.addRoute(def, &error));
  EXPECT_EQ(error, "invalid method ''");

  def.method = str("GET");
  def.pattern = str("/a{b}");
  EXPECT_FALSE(m.addRoute(def, &error));
  EXPECT_EQ(error, "invalid pattern '/a{b}': parameters must span a whole segment");

  def.pattern = str("/x");
  def.handler = nullptr;
  EXPECT_FALSE(m.addRoute(def, &error));
  EXPECT_EQ(error, "route GET /x has no handler");

  EXPECT_TRUE(m.routes().empty());
}

}  // namespace
