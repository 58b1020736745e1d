// The loader's refusals, each proven with the real daemon and a fixture plugin broken in one
// way: one clear log line naming the file and the reason, a non-zero exit, unless the plugin is
// optional (then a warning, the rest serves and /readyz names the missing plugin).
#include "HostProcess.h"
#include "HttpClient.h"

#include <gtest/gtest.h>

namespace apiary::test {
namespace {

using Json = nlohmann::ordered_json;

Json pluginEntry(const std::string& library, Json config = Json::object()) {
  return {{"library", library}, {"listener", "main"}, {"config", std::move(config)}};
}

std::string fixture(const std::string& name) {
  return HostProcess::fixtureDir() + "/lib" + name + ".so";
}

// Starts a host with one plugin; expects startup to fail; returns the log.
std::string expectRefused(const Json& entry) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["victim"] = entry;
  HostProcess host(config);
  EXPECT_FALSE(host.start());
  EXPECT_EQ(host.exitCode(), 1);
  return host.log();
}

struct RefusalCase {
  const char* name;
  std::string library;
  const char* reason;
};

void PrintTo(const RefusalCase& c, std::ostream* os) {
  *os << c.name;
}

class LoaderRefusal : public ::testing::TestWithParam<RefusalCase> {};

TEST_P(LoaderRefusal, FailsStartupWithOneLineNamingFileAndReason) {
  const RefusalCase& c = GetParam();
  const std::string log = expectRefused(pluginEntry(c.library));
  const std::string expected = "plugin 'victim' (" + c.library + ") refused: ";
  const size_t at = log.find(expected);
  ASSERT_NE(at, std::string::npos) << log;
  const std::string line = log.substr(at, log.find('\n', at) - at);
  EXPECT_NE(line.find(c.reason), std::string::npos) << line;
  EXPECT_NE(log.find("ERROR host: " + expected), std::string::npos) << log;
}

INSTANTIATE_TEST_SUITE_P(
    EveryCase, LoaderRefusal,
    ::testing::Values(RefusalCase{"MissingFile", "/nonexistent/libnothing.so", "file not found"},
                      RefusalCase{"NotASharedLibrary", fixture("fixture-not-a-library"),
                                  "not a loadable shared library"},
                      RefusalCase{"NoEntrySymbol", fixture("fixture-no-entry"),
                                  "no entry symbol apiary_plugin_entry_v1"},
                      RefusalCase{"WrongMagic", fixture("fixture-wrong-magic"), "wrong magic"},
                      RefusalCase{"OtherMajor", fixture("fixture-other-major"),
                                  "ABI major 2 is not the host's 1"},
                      RefusalCase{"NewerMinor", fixture("fixture-newer-minor"),
                                  "ABI 1.999 is newer than the host's"},
                      RefusalCase{"SmallDescriptor", fixture("fixture-small-descriptor"),
                                  "descriptor size 16 is below the minimum"}),
    [](const auto& info) { return info.param.name; });

TEST(Loader, ConfigRejectedByPluginNamesTheJsonPath) {
  const std::string log =
      expectRefused(pluginEntry("hello", Json{{"greeting", 42}, {"colour", "red"}}));
  EXPECT_NE(log.find("refused: config rejected: at /plugins/victim/config/greeting: expected a "
                     "string; at /plugins/victim/config/colour: unknown key"),
            std::string::npos)
      << log;
}

TEST(Loader, PluginStartFailure) {
  const std::string log =
      expectRefused(pluginEntry(fixture("fixture-behaviour"), Json{{"fail_start", true}}));
  EXPECT_NE(log.find("refused: start failed: cannot reach the fixture's backend"),
            std::string::npos)
      << log;
}

TEST(Loader, PluginStartThrowingNonStdExceptionIsRefusedCleanly) {
  // throw 7 from start(): the SDK reports it through the C ABI; the host refuses, no crash.
  const std::string log =
      expectRefused(pluginEntry(fixture("fixture-behaviour"), Json{{"fail_start_non_std", true}}));
  EXPECT_NE(log.find("refused: start failed: unknown exception"), std::string::npos) << log;
}

TEST(Loader, DuplicateRouteOnOneListenerIsRefused) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["first"] = pluginEntry("hello");
  config["plugins"]["second"] = pluginEntry("hello");
  HostProcess host(config);
  EXPECT_FALSE(host.start());
  EXPECT_EQ(host.exitCode(), 1);
  EXPECT_NE(host.log().find("plugin 'second' (" + HostProcess::pluginDir() +
                            "/libhello.so) refused: route conflict on listener 'main': GET "
                            "/hello/{name} of plugin 'second' is already served by plugin 'first'"),
            std::string::npos)
      << host.log();
}

TEST(Loader, SamePluginOnTwoPrefixesIsNoConflict) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["en"] = pluginEntry("hello");
  config["plugins"]["de"] = pluginEntry("hello", Json{{"greeting", "Hallo"}});
  config["plugins"]["de"]["prefix"] = "/de";
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/hello/a").body,
            R"({"message":"Hello, a!"})");
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/de/hello/a").body,
            R"({"message":"Hallo, a!"})");
  EXPECT_EQ(host.stop(), 0);
}

TEST(Loader, OptionalPluginIsSkippedAndNamedByReadyz) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["hello"] = pluginEntry("hello");
  config["plugins"]["broken"] = pluginEntry(fixture("fixture-wrong-magic"));
  config["plugins"]["broken"]["optional"] = true;
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_NE(host.log().find("WARNING host: plugin 'broken'"), std::string::npos) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/hello/x").status, 200);
  const HttpResult ready = HttpClient::send(host.port("admin"), "GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  const auto doc = nlohmann::json::parse(ready.body);
  EXPECT_EQ(doc["status"], "ready");
  ASSERT_EQ(doc["missing"].size(), 1u);
  EXPECT_EQ(doc["missing"][0]["name"], "broken");
  EXPECT_NE(doc["missing"][0]["reason"].get<std::string>().find("wrong magic"), std::string::npos);
  EXPECT_EQ(doc["plugins"][0]["name"], "hello");
  EXPECT_EQ(host.stop(), 0);
}

TEST(Loader, OptionalPluginFailingStartLeavesNoRoutes) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["flaky"] =
      pluginEntry(fixture("fixture-behaviour"), Json{{"fail_start", true}});
  config["plugins"]["flaky"]["optional"] = true;
  config["plugins"]["hello"] = pluginEntry("hello");
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/tag").status, 404);
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/hello/x").status, 200);
  EXPECT_EQ(host.stop(), 0);
}

TEST(Loader, OptionalPluginsFailingStartEitherWayLeaveTheOthersServing) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["flaky"] =
      pluginEntry(fixture("fixture-behaviour"), Json{{"fail_start", true}});
  config["plugins"]["flaky"]["optional"] = true;
  config["plugins"]["odd"] =
      pluginEntry(fixture("fixture-behaviour"), Json{{"fail_start_non_std", true}});
  config["plugins"]["odd"]["optional"] = true;
  config["plugins"]["odd"]["prefix"] = "/odd";
  config["plugins"]["hello"] = pluginEntry("hello");
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/hello/x").status, 200);
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/odd/tag").status, 404);
  const auto ready =
      nlohmann::json::parse(HttpClient::send(host.port("admin"), "GET", "/readyz").body);
  ASSERT_EQ(ready["missing"].size(), 2u) << ready.dump();
  EXPECT_NE(ready.dump().find("unknown exception"), std::string::npos) << ready.dump();
  EXPECT_EQ(host.stop(), 0);
}

TEST(Loader, PluginBuiltAgainstAbi10HeaderLoadsAndServes) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["c"] = pluginEntry(fixture("fixture-c-minimal"));
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  EXPECT_NE(host.log().find("name=c-minimal version=1.0.0 abi=1.0"), std::string::npos);
  const HttpResult r = HttpClient::send(host.port("main"), "GET", "/c/ping");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "pong");
  // No format_error in this plugin: host errors use the host's envelope.
  EXPECT_EQ(HttpClient::send(host.port("main"), "GET", "/c/nope").body, R"({"error":"Not found"})");
  EXPECT_EQ(host.stop(), 0);
}

TEST(Loader, PluginsLoadInConfigOrderAcrossConfD) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["zeta"] = pluginEntry("hello");
  config["plugins"]["zeta"]["prefix"] = "/z";
  Json part1 = {{"plugins", {{"alpha", pluginEntry("hello")}}}};
  part1["plugins"]["alpha"]["prefix"] = "/a";
  Json part2 = {{"plugins", {{"mid", pluginEntry("hello")}}}};
  part2["plugins"]["mid"]["prefix"] = "/m";
  HostProcess host(config, {{"20-b.json", part2}, {"10-a.json", part1}});
  ASSERT_TRUE(host.start()) << host.log();
  const std::string log = host.log();
  const size_t z = log.find("loaded plugin 'zeta'"), a = log.find("loaded plugin 'alpha'"),
               m = log.find("loaded plugin 'mid'");
  ASSERT_NE(z, std::string::npos);
  EXPECT_LT(z, a);
  EXPECT_LT(a, m);
  EXPECT_EQ(host.stop(), 0);
}

TEST(CheckConfig, ValidConfigExitsZeroWithoutBinding) {
  Json config = HostProcess::baseConfig();
  config["listeners"]["main"]["port"] = 1;  // never bound: --check-config binds nothing
  config["plugins"]["hello"] = pluginEntry("hello");
  HostProcess host(config);
  EXPECT_EQ(host.runToExit({"--check-config"}), 0) << host.log();
  EXPECT_NE(host.log().find("configuration OK: 1 plugin(s)"), std::string::npos);
  EXPECT_EQ(host.log().find("listening"), std::string::npos);
}

TEST(CheckConfig, InvalidPluginSectionExitsOne) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["hello"] = pluginEntry("hello", Json{{"greeting", ""}});
  HostProcess host(config);
  EXPECT_EQ(host.runToExit({"--check-config"}), 1);
  EXPECT_NE(host.log().find("at /plugins/hello/config/greeting: must not be empty"),
            std::string::npos)
      << host.log();
}

TEST(CheckConfig, UnknownHostKeyExitsOneWithPath) {
  Json config = HostProcess::baseConfig();
  config["listeners"]["main"]["thread"] = 4;
  HostProcess host(config);
  EXPECT_EQ(host.runToExit({"--check-config"}), 1);
  EXPECT_NE(host.log().find("config: /listeners/main/thread: unknown key"), std::string::npos)
      << host.log();
}

}  // namespace
}  // namespace apiary::test
