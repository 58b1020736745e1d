// apiary::ConfigLoader::load (host/ConfigLoader.h): the main file plus conf.d/*.json, merged,
// checked strictly (every unknown key with its JSON path), with relative paths resolved against
// the main file's directory. Each test writes its own config tree into a fresh temp directory.
#include <ConfigLoader.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using apiary::ConfigLoader;
using apiary::HostConfig;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

// A listener that needs no certificates, for tests about other things.
constexpr const char* kMain = R"("listeners": {"main": {"port": 0, "insecure": true}})";

class ConfigLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "apiary-config-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    main_ = dir_ / "etc" / "apiary.json";
    fs::create_directories(main_.parent_path());
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes text to etc/<name> (name may contain "conf.d/").
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path file = main_.parent_path() / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file;
  }
  fs::path writeMain(const std::string& text) { return write("apiary.json", text); }

  HostConfig load(bool environmentInsecure = false) {
    return ConfigLoader::load(main_.string(), environmentInsecure);
  }

  // The problems load() reports, or {"<loaded>"} when it accepted the config.
  std::vector<std::string> problems(bool environmentInsecure = false) {
    try {
      load(environmentInsecure);
    } catch (const ConfigLoader::Invalid& e) {
      return e.problems();
    }
    return {"<loaded>"};
  }

  // The single plugin's entry of a config with one listener "main" and plugin "p".
  apiary::PluginEntryConfig plugin(const std::string& entryFields) {
    writeMain(std::string("{") + kMain + R"(, "plugins": {"p": {"listener": "main")" +
              (entryFields.empty() ? "" : ", " + entryFields) + "}}}");
    const HostConfig c = load();
    EXPECT_EQ(c.plugins.size(), 1u);
    return c.plugins.empty() ? apiary::PluginEntryConfig{} : c.plugins[0];
  }

  fs::path dir_;
  fs::path main_;
};

// --- defaults ---

TEST_F(ConfigLoaderTest, EmptyObjectGivesTheDefaults) {
  writeMain("{}");
  const HostConfig c = load();
  EXPECT_EQ(c.pluginDir, "/usr/lib/apiary/plugins");
  EXPECT_EQ(c.stateDir, "/var/lib/apiary");
  EXPECT_EQ(c.logLevel, "information");
  EXPECT_TRUE(c.accessLog);
  EXPECT_TRUE(c.listeners.empty());
  EXPECT_TRUE(c.plugins.empty());
  EXPECT_THAT(c.sourceFiles, ElementsAre(main_.string()));
  // The admin listener: loopback, plain HTTP, a small pool.
  EXPECT_EQ(c.admin.name, "admin");
  EXPECT_EQ(c.admin.address, "127.0.0.1");
  EXPECT_EQ(c.admin.port, 9180);
  EXPECT_TRUE(c.admin.insecure);
  EXPECT_EQ(c.admin.limits.threads, 4);
  EXPECT_EQ(c.admin.limits.maxQueued, 64);
}

TEST_F(ConfigLoaderTest, ListenerDefaultsAndFields) {
  writeMain(R"({"listeners": {
      "a": {"insecure": true},
      "b": {"address": "127.0.0.1", "port": 5101, "insecure": true, "threads": 8,
            "max_queued": 16, "keep_alive": false, "keep_alive_timeout_ms": 100,
            "max_keep_alive_requests": 0, "timeout_ms": 2000, "max_header_bytes": 4096,
            "max_body_bytes": 0}}})");
  const HostConfig c = load();
  ASSERT_EQ(c.listeners.size(), 2u);
  const auto& a = c.listeners[0];
  EXPECT_EQ(a.name, "a");
  EXPECT_EQ(a.address, "0.0.0.0");
  EXPECT_EQ(a.port, 0);
  EXPECT_EQ(a.limits.threads, 1024);
  EXPECT_EQ(a.limits.maxQueued, 256);
  EXPECT_TRUE(a.limits.keepAlive);
  EXPECT_EQ(a.limits.keepAliveTimeoutMs, 5000);
  EXPECT_EQ(a.limits.maxKeepAliveRequests, 1000);
  EXPECT_EQ(a.limits.timeoutMs, 30000);
  EXPECT_EQ(a.limits.maxHeaderBytes, 16384);
  EXPECT_EQ(a.limits.maxBodyBytes, 1024 * 1024);
  const auto& b = c.listeners[1];
  EXPECT_EQ(b.name, "b");
  EXPECT_EQ(b.address, "127.0.0.1");
  EXPECT_EQ(b.port, 5101);
  EXPECT_EQ(b.limits.threads, 8);
  EXPECT_EQ(b.limits.maxQueued, 16);
  EXPECT_FALSE(b.limits.keepAlive);
  EXPECT_EQ(b.limits.keepAliveTimeoutMs, 100);
  EXPECT_EQ(b.limits.maxKeepAliveRequests, 0);
  EXPECT_EQ(b.limits.timeoutMs, 2000);
  EXPECT_EQ(b.limits.maxHeaderBytes, 4096);
  EXPECT_EQ(b.limits.maxBodyBytes, 0);
}

TEST_F(ConfigLoaderTest, PluginEntryDefaultsAndFields) {
  const auto d = plugin("");
  EXPECT_EQ(d.name, "p");
  EXPECT_EQ(d.listener, "main");
  EXPECT_FALSE(d.optional);
  EXPECT_EQ(d.prefix, "");
  EXPECT_FALSE(d.maxBodyBytes.has_value());
  EXPECT_EQ(d.configJson, "{}");

  const auto p = plugin(R"("optional": true, "prefix": "/x", "max_body_bytes": 10)");
  EXPECT_TRUE(p.optional);
  EXPECT_EQ(p.prefix, "/x");
  EXPECT_EQ(p.maxBodyBytes, 10);
}

// The development config in the repository must load as is.
TEST_F(ConfigLoaderTest, ShippedDevConfigLoads) {
  const fs::path dev = fs::path(APIARY_TEST_SOURCE_DIR) / "config" / "dev" / "apiary.json";
  const HostConfig c = ConfigLoader::load(dev.string(), false);
  // hello from the main file comes first; the product plugins' conf.d files follow.
  ASSERT_GE(c.plugins.size(), 1u);
  EXPECT_EQ(c.plugins[0].name, "hello");
  EXPECT_EQ(c.plugins[0].library, c.pluginDir + "/libhello.so");
  for (const auto& l : c.listeners)
    EXPECT_TRUE(l.insecure) << l.name << ": the quick start is plain HTTP";
}

// --- conf.d ---

TEST_F(ConfigLoaderTest, ConfDFilesMergeInLexicalOrder) {
  writeMain(R"({"log_level": "debug",
      "listeners": {"main": {"port": 8080, "insecure": true}},
      "plugins": {"b": {"listener": "main", "config": {"keep": 1, "deep": {"x": 1}}}}})");
  // Written out of order on purpose; "10-" sorts before "9-" lexically.
  write("conf.d/9-last.json", R"({"log_level": "error",
      "plugins": {"b": {"prefix": "/b", "config": {"deep": {"y": 2}}}}})");
  write("conf.d/10-first.json", R"({"log_level": "warning",
      "listeners": {"main": {"threads": 8}},
      "plugins": {"a": {"listener": "main"}}})");
  const HostConfig c = load();
  EXPECT_THAT(c.sourceFiles,
              ElementsAre(main_.string(), (main_.parent_path() / "conf.d/10-first.json").string(),
                          (main_.parent_path() / "conf.d/9-last.json").string()));
  EXPECT_EQ(c.logLevel, "error");  // the last file wins on scalars
  ASSERT_EQ(c.listeners.size(), 1u);
  EXPECT_EQ(c.listeners[0].port, 8080);  // objects merge deeply: port kept, threads added
  EXPECT_EQ(c.listeners[0].limits.threads, 8);
  // Plugins load in first-seen order: b (main file), then a (conf.d).
  ASSERT_EQ(c.plugins.size(), 2u);
  EXPECT_EQ(c.plugins[0].name, "b");
  EXPECT_EQ(c.plugins[1].name, "a");
  EXPECT_EQ(c.plugins[0].listener, "main");
  EXPECT_EQ(c.plugins[0].prefix, "/b");
  EXPECT_EQ(c.plugins[0].configJson, R"({"keep":1,"deep":{"x":1,"y":2}})");
}

TEST_F(ConfigLoaderTest, ConfDOnlyPluginsKeepFileOrder) {
  writeMain(std::string("{") + kMain + "}");
  write("conf.d/20-z.json", R"({"plugins": {"z": {"listener": "main"}}})");
  write("conf.d/10-y.json",
        R"({"plugins": {"y": {"listener": "main"}, "x": {"listener": "main"}}})");
  const HostConfig c = load();
  ASSERT_EQ(c.plugins.size(), 3u);
  EXPECT_EQ(c.plugins[0].name, "y");
  EXPECT_EQ(c.plugins[1].name, "x");
  EXPECT_EQ(c.plugins[2].name, "z");
}

TEST_F(ConfigLoaderTest, NonJsonFilesInConfDAreIgnored) {
  writeMain(R"({"log_level": "debug"})");
  write("conf.d/README", "not json at all");
  write("conf.d/50-x.json.disabled", "{broken");
  write("conf.d/50-x.json~", "{broken");
  write("conf.d/50-x.JSON", "{broken");
  write("conf.d/60-ok.json", R"({"log_level": "warning"})");
  const HostConfig c = load();
  EXPECT_EQ(c.logLevel, "warning");
  EXPECT_THAT(c.sourceFiles, SizeIs(2));
}

// --- unknown keys, each with its JSON path ---

TEST_F(ConfigLoaderTest, UnknownTopLevelKey) {
  writeMain(R"({"plugin_dri": "/x"})");
  EXPECT_THAT(problems(), ElementsAre("/plugin_dri: unknown key"));
}

TEST_F(ConfigLoaderTest, UnknownKeyInAListener) {
  writeMain(R"({"listeners": {"main": {"insecure": true, "prot": 80}}})");
  EXPECT_THAT(problems(), ElementsAre("/listeners/main/prot: unknown key"));
}

TEST_F(ConfigLoaderTest, UnknownKeyInListenerTls) {
  writeMain(R"({"listeners": {"main": {"tls": {"cert": "c", "key": "k", "chain": "x"}}}})");
  EXPECT_THAT(problems(), ElementsAre("/listeners/main/tls/chain: unknown key"));
}

TEST_F(ConfigLoaderTest, UnknownKeyInAPluginEntry) {
  writeMain(std::string("{") + kMain +
            R"(, "plugins": {"p": {"listener": "main", "prefx": "/a"}}})");
  EXPECT_THAT(problems(), ElementsAre("/plugins/p/prefx: unknown key"));
}

TEST_F(ConfigLoaderTest, UnknownKeyInAdmin) {
  writeMain(R"({"admin": {"port": 1, "adress": "x"}})");
  EXPECT_THAT(problems(), ElementsAre("/admin/adress: unknown key"));
}

TEST_F(ConfigLoaderTest, EveryProblemIsReportedAtOnce) {
  writeMain(R"({"a": 1, "listeners": {"main": {"insecure": true, "b": 2}}, "log_level": 3})");
  const auto found = problems();
  EXPECT_THAT(found, SizeIs(3));
  EXPECT_THAT(found, Contains("/a: unknown key"));
  EXPECT_THAT(found, Contains("/listeners/main/b: unknown key"));
  EXPECT_THAT(found, Contains("/log_level: expected a string"));
  try {
    load();
  } catch (const ConfigLoader::Invalid& e) {
    EXPECT_THAT(e.what(), AllOf(StartsWith("invalid configuration:"), HasSubstr("/a: unknown key"),
                                HasSubstr("/listeners/main/b: unknown key")));
  }
}

// The plugin's own section belongs to the plugin: the host passes it on unchecked.
TEST_F(ConfigLoaderTest, PluginConfigSectionIsPassedThroughUnchecked) {
  const auto p = plugin(R"("config": {"zeta": [1, "two"], "alpha": {"any": {"thing": null}}})");
  EXPECT_EQ(p.configJson, R"({"zeta":[1,"two"],"alpha":{"any":{"thing":null}}})");
}

TEST_F(ConfigLoaderTest, PluginConfigSectionMustBeAnObject) {
  writeMain(std::string("{") + kMain +
            R"(, "plugins": {"p": {"listener": "main", "config": [1]}}})");
  EXPECT_THAT(problems(), ElementsAre("/plugins/p/config: expected an object"));
}

// --- wrong types and ranges ---

TEST_F(ConfigLoaderTest, WrongTypesNameTheirPath) {
  writeMain(R"({"log_level": 5, "access_log": "yes", "plugin_dir": false,
      "listeners": {"main": {"port": "80", "insecure": 1, "threads": 1.5}}})");
  EXPECT_THAT(
      problems(),
      ElementsAre("/plugin_dir: expected a string", "/log_level: expected a string",
                  "/access_log: expected a boolean", "/listeners/main/port: expected an integer",
                  "/listeners/main/insecure: expected a boolean",
                  "/listeners/main/tls: HTTPS needs tls.cert and tls.key (or "
                  "\"insecure\": true, or INSECURE=true)",
                  "/listeners/main/threads: expected an integer"));
}

TEST_F(ConfigLoaderTest, WrongContainerTypes) {
  writeMain(R"({"listeners": [], "plugins": {"p": 5}, "admin": "x"})");
  EXPECT_THAT(problems(),
              ElementsAre("/admin: expected an object", "/listeners: expected an object",
                          "/plugins/p: expected an object"));
}

TEST_F(ConfigLoaderTest, PortRange) {
  writeMain(R"({"listeners": {"main": {"port": 65536, "insecure": true}}})");
  EXPECT_THAT(problems(), ElementsAre("/listeners/main/port: must be between 0 and 65535"));
  writeMain(R"({"listeners": {"main": {"port": -1, "insecure": true}}})");
  EXPECT_THAT(problems(), ElementsAre("/listeners/main/port: must be between 0 and 65535"));
  writeMain(R"({"listeners": {"main": {"port": 65535, "insecure": true}}})");
  EXPECT_THAT(problems(), ElementsAre("<loaded>"));
}

// --- plugin entries and listeners ---

// An authenticator serves no routes, so the config allows a plugin without a listener; the
// daemon refuses a routes plugin without one (LoaderTest).
TEST_F(ConfigLoaderTest, PluginWithoutListenerIsAllowedByTheConfig) {
  writeMain(std::string("{") + kMain + R"(, "plugins": {"bearer:x": {"library": "auth-bearer"}}})");
  const HostConfig config = load();
  ASSERT_EQ(config.plugins.size(), 1u);
  EXPECT_EQ(config.plugins[0].listener, "");
}

TEST_F(ConfigLoaderTest, OperatorPoliciesArePrefixOrRoute) {
  writeMain(std::string("{") + kMain + R"(, "plugins": {"p": {"listener": "main", "policies": [
      {"prefix": "/admin/", "providers": ["basic:ops"], "scopes": ["admin"], "throttle_failures": 5},
      {"route": "GET /hello/{name}", "providers": ["bearer:x"], "allow_anonymous": true}]}}})");
  const HostConfig config = load();
  ASSERT_EQ(config.plugins[0].prefixPolicies.size(), 1u);
  EXPECT_EQ(config.plugins[0].prefixPolicies[0].prefix, "/admin");
  EXPECT_EQ(config.plugins[0].prefixPolicies[0].policy.scopes, std::vector<std::string>{"admin"});
  EXPECT_EQ(config.plugins[0].prefixPolicies[0].policy.throttleFailures, 5);
  ASSERT_EQ(config.plugins[0].routePolicies.size(), 1u);
  EXPECT_EQ(config.plugins[0].routePolicies[0].method, "GET");
  EXPECT_EQ(config.plugins[0].routePolicies[0].pattern, "/hello/{name}");
  EXPECT_TRUE(config.plugins[0].routePolicies[0].policy.allowAnonymous);
}

TEST_F(ConfigLoaderTest, MalformedPoliciesAreErrorsWithTheirPath) {
  writeMain(std::string("{") + kMain + R"(, "plugins": {"p": {"listener": "main", "policies": [
      {"providers": ["a"]}, {"route": "GET"}, {"prefix": "/x", "scopes": "admin"}, 7]}}})");
  EXPECT_THAT(problems(),
              ElementsAre("/plugins/p/policies/0: needs exactly one of \"prefix\" and \"route\"",
                          "/plugins/p/policies/1/route: must be \"METHOD /pattern\"",
                          "/plugins/p/policies/2/scopes: expected an array of strings",
                          "/plugins/p/policies/3: expected an object"));
}

TEST_F(ConfigLoaderTest, PluginNamingAnUnknownListenerIsAnError) {
  writeMain(std::string("{") + kMain + R"(, "plugins": {"p": {"listener": "mian"}}})");
  EXPECT_THAT(problems(), ElementsAre("/plugins/p/listener: no listener named 'mian'"));
}

TEST_F(ConfigLoaderTest, DisabledPluginsAreLeftOut) {
  writeMain(std::string("{") + kMain + R"(, "plugins": {
      "a": {"listener": "main"},
      "b": {"listener": "main", "enabled": false},
      "c": {"listener": "main", "enabled": true}}})");
  const HostConfig c = load();
  ASSERT_EQ(c.plugins.size(), 2u);
  EXPECT_EQ(c.plugins[0].name, "a");
  EXPECT_EQ(c.plugins[1].name, "c");
}

// A conf.d file can switch off a plugin the main file enables.
TEST_F(ConfigLoaderTest, ConfDCanDisableAPlugin) {
  writeMain(std::string("{") + kMain + R"(, "plugins": {"a": {"listener": "main"}}})");
  write("conf.d/50-off.json", R"({"plugins": {"a": {"enabled": false}}})");
  EXPECT_TRUE(load().plugins.empty());
}

TEST_F(ConfigLoaderTest, TwoListenersOnTheSameAddressAndPort) {
  writeMain(R"({"listeners": {
      "a": {"address": "127.0.0.1", "port": 5101, "insecure": true},
      "b": {"address": "127.0.0.1", "port": 5101, "insecure": true}}})");
  EXPECT_THAT(problems(), ElementsAre("/listeners/b/port: same address and port as 'a'"));
}

TEST_F(ConfigLoaderTest, SamePortOnOtherAddressesOrPortZeroIsFine) {
  writeMain(R"({"listeners": {
      "a": {"address": "127.0.0.1", "port": 5101, "insecure": true},
      "b": {"address": "127.0.0.2", "port": 5101, "insecure": true},
      "c": {"port": 0, "insecure": true},
      "d": {"port": 0, "insecure": true}}})");
  EXPECT_THAT(load().listeners, SizeIs(4));
}

// --- library resolution ---

TEST_F(ConfigLoaderTest, LibraryNameResolvesInPluginDir) {
  writeMain(std::string("{\"plugin_dir\": \"/opt/apiary/plugins\", ") + kMain +
            R"(, "plugins": {"spectra": {"listener": "main"},
                             "greeter": {"listener": "main", "library": "hello"}}})");
  const HostConfig c = load();
  ASSERT_EQ(c.plugins.size(), 2u);
  EXPECT_EQ(c.plugins[0].library, "/opt/apiary/plugins/libspectra.so");  // the key by default
  EXPECT_EQ(c.plugins[1].library, "/opt/apiary/plugins/libhello.so");
}

TEST_F(ConfigLoaderTest, LibraryWithASlashIsAPathRelativeToTheMainFile) {
  const fs::path etc = main_.parent_path();
  EXPECT_EQ(plugin(R"("library": "lib/libcustom.so")").library,
            (etc / "lib/libcustom.so").string());
  EXPECT_EQ(plugin(R"("library": "./x/../y/libz.so")").library, (etc / "y/libz.so").string());
  EXPECT_EQ(plugin(R"("library": "/abs/libq.so")").library, "/abs/libq.so");
}

// --- relative paths: against the main file's directory, never the working directory ---

TEST_F(ConfigLoaderTest, RelativePathsResolveAgainstTheMainFile) {
  writeMain(R"({"plugin_dir": "plugins", "state_dir": "../var/state",
      "listeners": {"main": {"tls": {"cert": "certs/server.pem", "key": "/abs/server.key"}}},
      "plugins": {"hello": {"listener": "main"}}})");
  const HostConfig c = load();
  const fs::path etc = main_.parent_path();
  EXPECT_EQ(c.pluginDir, (etc / "plugins").string());
  EXPECT_EQ(c.stateDir, (dir_ / "var" / "state").string());
  ASSERT_EQ(c.listeners.size(), 1u);
  EXPECT_FALSE(c.listeners[0].insecure);
  EXPECT_EQ(c.listeners[0].tlsCert, (etc / "certs" / "server.pem").string());
  EXPECT_EQ(c.listeners[0].tlsKey, "/abs/server.key");
  ASSERT_EQ(c.plugins.size(), 1u);
  EXPECT_EQ(c.plugins[0].library, (etc / "plugins" / "libhello.so").string());
}

// --- HTTPS needs a certificate unless insecure ---

TEST_F(ConfigLoaderTest, HttpsListenerNeedsCertAndKey) {
  const std::string expected =
      "/listeners/main/tls: HTTPS needs tls.cert and tls.key (or \"insecure\": true, or "
      "INSECURE=true)";
  writeMain(R"({"listeners": {"main": {}}})");
  EXPECT_THAT(problems(), ElementsAre(expected));
  writeMain(R"({"listeners": {"main": {"tls": {"cert": "/c.pem"}}}})");
  EXPECT_THAT(problems(), ElementsAre(expected));
  writeMain(R"({"listeners": {"main": {"tls": {"key": "/k.pem"}}}})");
  EXPECT_THAT(problems(), ElementsAre(expected));
  writeMain(R"({"listeners": {"main": {"insecure": false}}})");
  EXPECT_THAT(problems(), ElementsAre(expected));
}

TEST_F(ConfigLoaderTest, InsecureListenerNeedsNoCertificate) {
  writeMain(R"({"listeners": {"main": {"insecure": true}}})");
  const HostConfig c = load();
  ASSERT_EQ(c.listeners.size(), 1u);
  EXPECT_TRUE(c.listeners[0].insecure);
  EXPECT_EQ(c.listeners[0].tlsCert, "");
}

TEST_F(ConfigLoaderTest, EnvironmentInsecureNeedsNoCertificate) {
  writeMain(R"({"listeners": {"main": {}}})");
  const HostConfig c = load(/*environmentInsecure=*/true);
  ASSERT_EQ(c.listeners.size(), 1u);
  EXPECT_TRUE(c.listeners[0].insecure);
}

// INSECURE=true wins over the file, even over an explicit "insecure": false with certificates.
TEST_F(ConfigLoaderTest, EnvironmentInsecureForcesPlainHttp) {
  writeMain(R"({"listeners": {
      "a": {"insecure": false, "tls": {"cert": "/c.pem", "key": "/k.pem"}},
      "b": {"tls": {"cert": "/c.pem", "key": "/k.pem"}, "port": 1}}})");
  const HostConfig secure = load(false);
  ASSERT_EQ(secure.listeners.size(), 2u);
  EXPECT_FALSE(secure.listeners[0].insecure);
  EXPECT_FALSE(secure.listeners[1].insecure);
  const HostConfig forced = load(true);
  ASSERT_EQ(forced.listeners.size(), 2u);
  EXPECT_TRUE(forced.listeners[0].insecure);
  EXPECT_TRUE(forced.listeners[1].insecure);
}

// --- unreadable files ---

TEST_F(ConfigLoaderTest, MissingMainFileIsNamed) {
  EXPECT_THAT(problems(), ElementsAre(main_.string() + ": cannot read file"));
}

TEST_F(ConfigLoaderTest, InvalidJsonNamesTheFile) {
  writeMain(R"({"log_level": )");
  const auto found = problems();
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_THAT(found[0], StartsWith(main_.string() + ": invalid JSON: "));
}

TEST_F(ConfigLoaderTest, InvalidJsonInConfDNamesThatFile) {
  writeMain("{}");
  const fs::path bad = write("conf.d/20-bad.json", "{,}");
  write("conf.d/30-also-bad.json", "[1]");
  const auto found = problems();
  ASSERT_THAT(found, SizeIs(2));
  EXPECT_THAT(found[0], StartsWith(bad.string() + ": invalid JSON: "));
  EXPECT_EQ(found[1], (main_.parent_path() / "conf.d/30-also-bad.json").string() +
                          ": top level must be a JSON object");
}

// --- prefixes ---

TEST_F(ConfigLoaderTest, PrefixIsNormalised) {
  EXPECT_EQ(plugin(R"("prefix": "")").prefix, "");
  EXPECT_EQ(plugin(R"("prefix": "/")").prefix, "");
  EXPECT_EQ(plugin(R"("prefix": "/api")").prefix, "/api");
  EXPECT_EQ(plugin(R"("prefix": "/api/")").prefix, "/api");
  EXPECT_EQ(plugin(R"("prefix": "/api/v1//")").prefix, "/api/v1");
}

// PluginEntryConfig::prefix is documented as "" or "/something" without a trailing slash; a
// prefix of only slashes must become "" (or be refused), never "/", which Mount would turn
// into patterns starting with "//".
TEST_F(ConfigLoaderTest, PrefixOfOnlySlashesIsTheRoot) {
  writeMain(std::string("{") + kMain +
            R"(, "plugins": {"p": {"listener": "main", "prefix": "//"}}})");
  try {
    const HostConfig c = load();
    ASSERT_EQ(c.plugins.size(), 1u);
    EXPECT_EQ(c.plugins[0].prefix, "");
  } catch (const ConfigLoader::Invalid&) {
    // refusing it is fine too
  }
}

TEST_F(ConfigLoaderTest, BadPrefixes) {
  const std::string why = "must start with '/' and contain no '{', '}', '?' or '#'";
  for (const char* prefix : {"api", "api/", "/a{b}", "/a?x", "/a#b"}) {
    writeMain(std::string("{") + kMain + R"(, "plugins": {"p": {"listener": "main", "prefix": ")" +
              prefix + "\"}}}");
    EXPECT_THAT(problems(), ElementsAre("/plugins/p/prefix: " + why)) << prefix;
  }
}

// --- log level ---

TEST_F(ConfigLoaderTest, LogLevelMustBeKnown) {
  for (const char* level : {"trace", "debug", "information", "notice", "warning", "error"}) {
    writeMain(std::string(R"({"log_level": ")") + level + "\"}");
    EXPECT_EQ(load().logLevel, level);
  }
  writeMain(R"({"log_level": "verbose"})");
  EXPECT_THAT(problems(), ElementsAre("/log_level: must be one of trace, debug, information, "
                                      "notice, warning, error"));
  writeMain(R"({"log_level": "DEBUG"})");
  EXPECT_THAT(problems(), SizeIs(1));
}

}  // namespace

namespace apiary {
namespace {
TEST(ConfigLoaderLogLevels, PerPluginLevelIsValidated) {
  char dir[] = "/tmp/apiary-loglevel-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string main = std::string(dir) + "/apiary.json";
  std::ofstream(main) << R"({"listeners": {"m": {"port": 1, "insecure": true}},
      "plugins": {"a": {"listener": "m", "log_level": "debug"}, "b": {"listener": "m", "log_level": "loud"}}})";
  try {
    ConfigLoader::load(main, false);
    ADD_FAILURE() << "accepted an unknown level";
  } catch (const ConfigLoader::Invalid& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(
        e.problems()[0],
        "/plugins/b/log_level: must be one of trace, debug, information, notice, warning, error");
  }
  std::ofstream(main) << R"({"listeners": {"m": {"port": 1, "insecure": true}},
      "plugins": {"a": {"listener": "m", "log_level": "debug"}}})";
  EXPECT_EQ(ConfigLoader::load(main, false).plugins[0].logLevel, "debug");
  std::filesystem::remove_all(dir);
}
}  // namespace
}  // namespace apiary
