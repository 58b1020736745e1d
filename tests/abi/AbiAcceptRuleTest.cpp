// The ABI accept rule (abi.h, DESIGN.md "The plugin boundary"), checked on descriptors built in
// memory: same magic, same major, plugin minor <= host minor, size >= the minimum for that minor,
// a name and version, and every callback the host calls unconditionally. Each refusal must say
// why in words an operator can act on, so the reason text is checked too.
#include <PluginLoader.h>

#include <HostApi.h>
#include <Version.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace {

using apiary::PluginLoader;
using ::testing::HasSubstr;

int32_t validate(apiary_str, apiary_error*) {
  return APIARY_OK;
}
void* create(apiary_plugin_ctx*, apiary_str, apiary_error*) {
  return nullptr;
}
int32_t registerRoutes(void*, apiary_router*, apiary_error*) {
  return APIARY_OK;
}
int32_t start(void*, apiary_error*) {
  return APIARY_OK;
}
void stop(void*) {}
void destroy(void*) {}
int32_t formatError(void*, int32_t, apiary_str, const apiary_request*, apiary_response*) {
  return APIARY_OK;
}

// A complete descriptor of the host's own ABI version; each test breaks one thing. Fields are
// assigned one by one so that fields appended by later minors start out zero (NULL).
apiary_plugin_descriptor good() {
  apiary_plugin_descriptor d{};
  d.struct_size = sizeof(apiary_plugin_descriptor);
  d.magic = APIARY_ABI_MAGIC;
  d.abi_major = APIARY_ABI_MAJOR;
  d.abi_minor = APIARY_ABI_MINOR;
  d.kind = APIARY_KIND_ROUTES;
  d.name = "test";
  d.version = "1.0.0";
  d.validate_config = &validate;
  d.create = &create;
  d.register_routes = &registerRoutes;
  d.start = &start;
  d.stop = &stop;
  d.destroy = &destroy;
  d.format_error = &formatError;
  return d;
}

// --- accepted ---

TEST(AbiAcceptRule, AcceptsACompleteDescriptor) {
  const auto d = good();
  EXPECT_EQ(PluginLoader::checkDescriptor(&d), "");
}

TEST(AbiAcceptRule, FormatErrorIsOptional) {
  auto d = good();
  d.format_error = nullptr;
  EXPECT_EQ(PluginLoader::checkDescriptor(&d), "");
}

// A descriptor larger than the host knows (fields appended later) is fine for the same minor.
TEST(AbiAcceptRule, AcceptsALargerDescriptor) {
  auto d = good();
  d.struct_size = sizeof(apiary_plugin_descriptor) + 64;
  EXPECT_EQ(PluginLoader::checkDescriptor(&d), "");
}

// A plugin built against the 1.0 header: minor 0, a descriptor exactly 1.0-sized.
TEST(AbiAcceptRule, AcceptsA10PluginOfExactlyTheMinimumSize) {
  auto d = good();
  d.abi_minor = 0;
  d.struct_size = APIARY_DESCRIPTOR_MIN_SIZE_1_0;
  EXPECT_EQ(PluginLoader::checkDescriptor(&d), "");
}

TEST(AbiAcceptRule, AcceptsAnEmptyVersionString) {
  auto d = good();
  d.version = "";
  EXPECT_EQ(PluginLoader::checkDescriptor(&d), "");
}

// --- refused, each with its reason ---

TEST(AbiAcceptRule, RefusesNull) {
  EXPECT_THAT(PluginLoader::checkDescriptor(nullptr), HasSubstr("no descriptor"));
}

TEST(AbiAcceptRule, RefusesWrongMagic) {
  auto d = good();
  d.magic = 0xDEADBEEFu;
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("magic"));
  d.magic = 0x59495041u;  // "APIY" with the wrong byte order
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("magic"));
}

// The magic is checked first: garbage is reported as "not an apiary descriptor", not as
// whatever field the garbage happens to break.
TEST(AbiAcceptRule, MagicIsCheckedBeforeEverythingElse) {
  auto d = good();
  d.magic = 0;
  d.abi_major = 7;
  d.struct_size = 4;
  d.name = nullptr;
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("magic"));
}

TEST(AbiAcceptRule, RefusesAnotherMajor) {
  auto d = good();
  d.abi_major = APIARY_ABI_MAJOR + 1;
  const std::string why = PluginLoader::checkDescriptor(&d);
  EXPECT_THAT(why, HasSubstr("major"));
  EXPECT_THAT(why, HasSubstr("2"));
  d.abi_major = 0;
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("major"));
}

TEST(AbiAcceptRule, RefusesANewerMinor) {
  auto d = good();
  d.abi_minor = APIARY_ABI_MINOR + 1;
  const std::string why = PluginLoader::checkDescriptor(&d);
  const std::string host =
      std::to_string(APIARY_ABI_MAJOR) + "." + std::to_string(APIARY_ABI_MINOR);
  const std::string plugin =
      std::to_string(APIARY_ABI_MAJOR) + "." + std::to_string(APIARY_ABI_MINOR + 1);
  EXPECT_THAT(why, HasSubstr("newer"));
  EXPECT_THAT(why, HasSubstr(plugin));
  EXPECT_THAT(why, HasSubstr(host));
  d.abi_minor = 999;
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("newer"));
}

// Every older minor keeps loading: a plugin built for 1.0 runs on any 1.x host.
TEST(AbiAcceptRule, AcceptsEveryOlderMinor) {
  for (int minor = 0; minor <= APIARY_ABI_MINOR; ++minor) {
    auto d = good();
    d.abi_minor = static_cast<uint16_t>(minor);
    EXPECT_EQ(PluginLoader::checkDescriptor(&d), "") << "minor " << minor;
  }
}

// The minimum is that of the plugin's own minor: a 1.0 plugin needs the whole 1.0 descriptor.
TEST(AbiAcceptRule, RefusesADescriptorBelowTheMinimumSize) {
  auto d = good();
  d.abi_minor = 0;
  d.struct_size = APIARY_DESCRIPTOR_MIN_SIZE_1_0 - 1;
  const std::string why = PluginLoader::checkDescriptor(&d);
  EXPECT_THAT(why, HasSubstr("size 87"));
  EXPECT_THAT(why, HasSubstr("minimum 88"));
  d.struct_size = 16;
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("below the minimum"));
  d.struct_size = 0;
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("below the minimum"));
#if APIARY_ABI_MINOR >= 1
  d.abi_minor = 1;
  d.struct_size = APIARY_DESCRIPTOR_MIN_SIZE_1_1 - 1;
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("below the minimum"));
#endif
#if APIARY_ABI_MINOR >= 2
  // A plugin claiming 1.2 must have the 1.2 field (run_command), even if it leaves it NULL.
  d.abi_minor = 2;
  d.struct_size = APIARY_DESCRIPTOR_MIN_SIZE_1_1;
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("below the minimum 96"));
  d.struct_size = APIARY_DESCRIPTOR_MIN_SIZE_1_2;
  EXPECT_EQ(PluginLoader::checkDescriptor(&d), "");
#endif
  // At the host's own minor, a 1.0-sized descriptor is too small once the descriptor has grown.
  d = good();
  d.struct_size = APIARY_DESCRIPTOR_MIN_SIZE_1_0 - 1;
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("below the minimum"));
}

TEST(AbiAcceptRule, RefusesAMissingName) {
  auto d = good();
  d.name = nullptr;
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("name"));
  d.name = "";
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("name"));
}

TEST(AbiAcceptRule, RefusesAMissingVersion) {
  auto d = good();
  d.version = nullptr;
  EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("version"));
}

// Every lifecycle callback of a routes plugin is called unconditionally by the host.
TEST(AbiAcceptRule, RefusesEachMissingRequiredCallback) {
  const auto expectRefused = [](apiary_plugin_descriptor d, const char* which) {
    EXPECT_THAT(PluginLoader::checkDescriptor(&d), HasSubstr("callback")) << which;
  };
  auto d = good();
  d.validate_config = nullptr;
  expectRefused(d, "validate_config");
  d = good();
  d.create = nullptr;
  expectRefused(d, "create");
  d = good();
  d.register_routes = nullptr;
  expectRefused(d, "register_routes");
  d = good();
  d.start = nullptr;
  expectRefused(d, "start");
  d = good();
  d.stop = nullptr;
  expectRefused(d, "stop");
  d = good();
  d.destroy = nullptr;
  expectRefused(d, "destroy");
}

// PluginInstance calls validate_config, create, register_routes, start, stop and destroy for
// every plugin it loads, whatever its kind. A descriptor that does not claim APIARY_KIND_ROUTES
// (kind 0, or a kind this host does not know) but has NULL callbacks must therefore be refused
// here; accepting it means a NULL call (crash) in PluginInstance::validateConfig.
TEST(AbiAcceptRule, RefusesNullCallbacksWhateverTheKind) {
  auto d = good();
  d.kind = 0;
  d.validate_config = nullptr;
  d.create = nullptr;
  d.register_routes = nullptr;
  d.start = nullptr;
  d.stop = nullptr;
  d.destroy = nullptr;
  EXPECT_NE(PluginLoader::checkDescriptor(&d), "") << "kind 0 with NULL callbacks was accepted";
  d.kind = 2;  // not a kind this host knows
  EXPECT_NE(PluginLoader::checkDescriptor(&d), "") << "unknown kind with NULL callbacks accepted";
}

// --- what the host announces in the handshake ---

TEST(AbiHostInfo, AnnouncesItsOwnAbiAndTableSizes) {
  const apiary_host_info* info = apiary::HostApi::info();
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->struct_size, 40u);
  EXPECT_EQ(info->magic, APIARY_ABI_MAGIC);
  EXPECT_EQ(info->abi_major, APIARY_ABI_MAJOR);
  EXPECT_EQ(info->abi_minor, APIARY_ABI_MINOR);
  EXPECT_EQ(std::string(info->host_version.data, info->host_version.size), apiary::kApiaryVersion);
  ASSERT_EQ(info->api, apiary::HostApi::table());
  EXPECT_EQ(info->api->struct_size, sizeof(apiary_host_api));  // value pinned in AbiLayoutTest
}

// Every slot of the host table is filled: a plugin built against 1.0 may call any of them.
TEST(AbiHostInfo, EveryHostFunctionSlotIsSet) {
  const apiary_host_api* api = apiary::HostApi::table();
  EXPECT_NE(api->log, nullptr);
  EXPECT_NE(api->ctx_instance_name, nullptr);
  EXPECT_NE(api->error_set, nullptr);
  EXPECT_NE(api->router_add, nullptr);
  EXPECT_NE(api->router_set_options, nullptr);
  EXPECT_NE(api->router_set_cors, nullptr);
  EXPECT_NE(api->router_add_default_header, nullptr);
  EXPECT_NE(api->request_method, nullptr);
  EXPECT_NE(api->request_path, nullptr);
  EXPECT_NE(api->request_query_string, nullptr);
  EXPECT_NE(api->request_param, nullptr);
  EXPECT_NE(api->request_query, nullptr);
  EXPECT_NE(api->request_header, nullptr);
  EXPECT_NE(api->request_header_count, nullptr);
  EXPECT_NE(api->request_header_at, nullptr);
  EXPECT_NE(api->request_body, nullptr);
  EXPECT_NE(api->request_remote_address, nullptr);
  EXPECT_NE(api->request_id, nullptr);
  EXPECT_NE(api->response_set_status, nullptr);
  EXPECT_NE(api->response_set_header, nullptr);
  EXPECT_NE(api->response_add_header, nullptr);
  EXPECT_NE(api->response_write, nullptr);
#if APIARY_ABI_MINOR >= 1
  EXPECT_NE(api->error_create, nullptr);
  EXPECT_NE(api->error_message, nullptr);
  EXPECT_NE(api->error_destroy, nullptr);
  EXPECT_NE(api->db_migrate, nullptr);
  EXPECT_NE(api->db_execute, nullptr);
  EXPECT_NE(api->db_result_row_count, nullptr);
  EXPECT_NE(api->db_result_column_count, nullptr);
  EXPECT_NE(api->db_result_column_name, nullptr);
  EXPECT_NE(api->db_result_value, nullptr);
  EXPECT_NE(api->db_result_affected_rows, nullptr);
  EXPECT_NE(api->db_result_free, nullptr);
  EXPECT_NE(api->db_begin, nullptr);
  EXPECT_NE(api->db_commit, nullptr);
  EXPECT_NE(api->db_rollback, nullptr);
  EXPECT_NE(api->clock_wall_ms, nullptr);
  EXPECT_NE(api->clock_monotonic_ms, nullptr);
  EXPECT_NE(api->timer_every, nullptr);
  EXPECT_NE(api->timer_cancel, nullptr);
  EXPECT_NE(api->http_send, nullptr);
  EXPECT_NE(api->http_response_status, nullptr);
  EXPECT_NE(api->http_response_header_count, nullptr);
  EXPECT_NE(api->http_response_header_at, nullptr);
  EXPECT_NE(api->http_response_body, nullptr);
  EXPECT_NE(api->http_response_free, nullptr);
#endif
}

}  // namespace
