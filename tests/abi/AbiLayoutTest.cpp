// Golden layout of every struct in abi.h on x86_64 (LP64, System V).
//
// The numbers below were computed once and written down by hand. They are the binary contract
// with every plugin ever built: if a field is reordered, resized or inserted anywhere but at the
// end, a static_assert breaks the build; the TEST()s check the same numbers at run time and
// print them, so a report shows the whole layout. Each number is written once, in a table
// (X-macro) that expands into both.
//
// Growing the ABI (a new minor): append fields/slots, add their offsets to a new "1.N" table
// below and the new sizes to the "sizes per minor" block. No released number may ever change.
// Until its table is added, a newer minor is only checked for having grown (and a skipped test
// says so), so that ABI work in progress does not break the build.
#include <apiary/abi.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <iostream>
#include <string>
#include <type_traits>

#if !defined(__x86_64__) || !defined(__LP64__)
#error "The golden ABI layout below is for x86_64 LP64; add the numbers for this target."
#endif

namespace {

// Each table lists X(expression, golden value); STATIC_LAYOUT and EXPECT_LAYOUT expand it.

// --- 1.0 (released: frozen forever) ---

#define LAYOUT_STR(X)              \
  X(sizeof(apiary_str), 16)        \
  X(alignof(apiary_str), 8)        \
  X(offsetof(apiary_str, data), 0) \
  X(offsetof(apiary_str, size), 8)

// sizeof(apiary_route_def) is in the per-minor sizes: 1.3 appended the policy pointer.
#define LAYOUT_ROUTE_DEF(X)                     \
  X(alignof(apiary_route_def), 8)               \
  X(offsetof(apiary_route_def, struct_size), 0) \
  X(offsetof(apiary_route_def, method), 8)      \
  X(offsetof(apiary_route_def, pattern), 24)    \
  X(offsetof(apiary_route_def, summary), 40)    \
  X(offsetof(apiary_route_def, handler), 56)    \
  X(offsetof(apiary_route_def, user), 64)

#define LAYOUT_CORS_POLICY(X)                           \
  X(sizeof(apiary_cors_policy), 64)                     \
  X(alignof(apiary_cors_policy), 8)                     \
  X(offsetof(apiary_cors_policy, struct_size), 0)       \
  X(offsetof(apiary_cors_policy, allow_origin), 8)      \
  X(offsetof(apiary_cors_policy, allow_methods), 24)    \
  X(offsetof(apiary_cors_policy, allow_headers), 40)    \
  X(offsetof(apiary_cors_policy, preflight_status), 56) \
  X(offsetof(apiary_cors_policy, max_age_seconds), 60)

#define LAYOUT_ROUTER_OPTIONS(X)                     \
  X(sizeof(apiary_router_options), 8)                \
  X(alignof(apiary_router_options), 4)               \
  X(offsetof(apiary_router_options, struct_size), 0) \
  X(offsetof(apiary_router_options, flags), 4)

// sizeof(apiary_host_api) is in the per-minor sizes below: the table grows with each minor.
#define LAYOUT_HOST_API_1_0(X)                                \
  X(offsetof(apiary_host_api, struct_size), 0)                \
  X(offsetof(apiary_host_api, log), 8)                        \
  X(offsetof(apiary_host_api, ctx_instance_name), 16)         \
  X(offsetof(apiary_host_api, error_set), 24)                 \
  X(offsetof(apiary_host_api, router_add), 32)                \
  X(offsetof(apiary_host_api, router_set_options), 40)        \
  X(offsetof(apiary_host_api, router_set_cors), 48)           \
  X(offsetof(apiary_host_api, router_add_default_header), 56) \
  X(offsetof(apiary_host_api, request_method), 64)            \
  X(offsetof(apiary_host_api, request_path), 72)              \
  X(offsetof(apiary_host_api, request_query_string), 80)      \
  X(offsetof(apiary_host_api, request_param), 88)             \
  X(offsetof(apiary_host_api, request_query), 96)             \
  X(offsetof(apiary_host_api, request_header), 104)           \
  X(offsetof(apiary_host_api, request_header_count), 112)     \
  X(offsetof(apiary_host_api, request_header_at), 120)        \
  X(offsetof(apiary_host_api, request_body), 128)             \
  X(offsetof(apiary_host_api, request_remote_address), 136)   \
  X(offsetof(apiary_host_api, request_id), 144)               \
  X(offsetof(apiary_host_api, response_set_status), 152)      \
  X(offsetof(apiary_host_api, response_set_header), 160)      \
  X(offsetof(apiary_host_api, response_add_header), 168)      \
  X(offsetof(apiary_host_api, response_write), 176)

#define LAYOUT_HOST_INFO(X)                       \
  X(sizeof(apiary_host_info), 40)                 \
  X(alignof(apiary_host_info), 8)                 \
  X(offsetof(apiary_host_info, struct_size), 0)   \
  X(offsetof(apiary_host_info, magic), 4)         \
  X(offsetof(apiary_host_info, abi_major), 8)     \
  X(offsetof(apiary_host_info, abi_minor), 10)    \
  X(offsetof(apiary_host_info, host_version), 16) \
  X(offsetof(apiary_host_info, api), 32)

// sizeof(apiary_plugin_descriptor) is in the per-minor sizes below.
#define LAYOUT_PLUGIN_DESCRIPTOR(X)                          \
  X(alignof(apiary_plugin_descriptor), 8)                    \
  X(offsetof(apiary_plugin_descriptor, struct_size), 0)      \
  X(offsetof(apiary_plugin_descriptor, magic), 4)            \
  X(offsetof(apiary_plugin_descriptor, abi_major), 8)        \
  X(offsetof(apiary_plugin_descriptor, abi_minor), 10)       \
  X(offsetof(apiary_plugin_descriptor, kind), 12)            \
  X(offsetof(apiary_plugin_descriptor, name), 16)            \
  X(offsetof(apiary_plugin_descriptor, version), 24)         \
  X(offsetof(apiary_plugin_descriptor, validate_config), 32) \
  X(offsetof(apiary_plugin_descriptor, create), 40)          \
  X(offsetof(apiary_plugin_descriptor, register_routes), 48) \
  X(offsetof(apiary_plugin_descriptor, start), 56)           \
  X(offsetof(apiary_plugin_descriptor, stop), 64)            \
  X(offsetof(apiary_plugin_descriptor, destroy), 72)         \
  X(offsetof(apiary_plugin_descriptor, format_error), 80)

#if APIARY_ABI_MINOR >= 1
// --- 1.1: appended host slots and the new storage/HTTP structs ---

#define LAYOUT_HOST_API_1_1(X)                                  \
  X(offsetof(apiary_host_api, error_create), 184)               \
  X(offsetof(apiary_host_api, error_message), 192)              \
  X(offsetof(apiary_host_api, error_destroy), 200)              \
  X(offsetof(apiary_host_api, db_migrate), 208)                 \
  X(offsetof(apiary_host_api, db_execute), 216)                 \
  X(offsetof(apiary_host_api, db_result_row_count), 224)        \
  X(offsetof(apiary_host_api, db_result_column_count), 232)     \
  X(offsetof(apiary_host_api, db_result_column_name), 240)      \
  X(offsetof(apiary_host_api, db_result_value), 248)            \
  X(offsetof(apiary_host_api, db_result_affected_rows), 256)    \
  X(offsetof(apiary_host_api, db_result_free), 264)             \
  X(offsetof(apiary_host_api, db_begin), 272)                   \
  X(offsetof(apiary_host_api, db_commit), 280)                  \
  X(offsetof(apiary_host_api, db_rollback), 288)                \
  X(offsetof(apiary_host_api, clock_wall_ms), 296)              \
  X(offsetof(apiary_host_api, clock_monotonic_ms), 304)         \
  X(offsetof(apiary_host_api, timer_every), 312)                \
  X(offsetof(apiary_host_api, timer_cancel), 320)               \
  X(offsetof(apiary_host_api, http_send), 328)                  \
  X(offsetof(apiary_host_api, http_response_status), 336)       \
  X(offsetof(apiary_host_api, http_response_header_count), 344) \
  X(offsetof(apiary_host_api, http_response_header_at), 352)    \
  X(offsetof(apiary_host_api, http_response_body), 360)         \
  X(offsetof(apiary_host_api, http_response_free), 368)

#define LAYOUT_VALUE(X)               \
  X(sizeof(apiary_value), 40)         \
  X(alignof(apiary_value), 8)         \
  X(offsetof(apiary_value, type), 0)  \
  X(offsetof(apiary_value, int64), 8) \
  X(offsetof(apiary_value, real), 16) \
  X(offsetof(apiary_value, bytes), 24)

#define LAYOUT_MIGRATION(X)                      \
  X(sizeof(apiary_migration), 48)                \
  X(alignof(apiary_migration), 8)                \
  X(offsetof(apiary_migration, struct_size), 0)  \
  X(offsetof(apiary_migration, version), 8)      \
  X(offsetof(apiary_migration, description), 16) \
  X(offsetof(apiary_migration, statements), 32)  \
  X(offsetof(apiary_migration, statement_count), 40)

#define LAYOUT_HTTP_HEADER(X)              \
  X(sizeof(apiary_http_header), 32)        \
  X(alignof(apiary_http_header), 8)        \
  X(offsetof(apiary_http_header, name), 0) \
  X(offsetof(apiary_http_header, value), 16)

#define LAYOUT_HTTP_REQUEST(X)                             \
  X(sizeof(apiary_http_request), 96)                       \
  X(alignof(apiary_http_request), 8)                       \
  X(offsetof(apiary_http_request, struct_size), 0)         \
  X(offsetof(apiary_http_request, method), 8)              \
  X(offsetof(apiary_http_request, url), 24)                \
  X(offsetof(apiary_http_request, headers), 40)            \
  X(offsetof(apiary_http_request, header_count), 48)       \
  X(offsetof(apiary_http_request, body), 56)               \
  X(offsetof(apiary_http_request, connect_timeout_ms), 72) \
  X(offsetof(apiary_http_request, total_timeout_ms), 80)   \
  X(offsetof(apiary_http_request, max_response_bytes), 88)

#endif

#if APIARY_ABI_MINOR >= 2
// --- 1.2: operator commands ---

#define LAYOUT_HOST_API_1_2(X) X(offsetof(apiary_host_api, output_write), 376)
#define LAYOUT_PLUGIN_DESCRIPTOR_1_2(X) X(offsetof(apiary_plugin_descriptor, run_command), 88)
#endif

#if APIARY_ABI_MINOR >= 3
// --- 1.3: authentication ---

#define LAYOUT_HOST_API_1_3(X)                                \
  X(offsetof(apiary_host_api, router_add_prefix_policy), 384) \
  X(offsetof(apiary_host_api, request_principal), 392)        \
  X(offsetof(apiary_host_api, request_scope_count), 400)      \
  X(offsetof(apiary_host_api, request_scope_at), 408)         \
  X(offsetof(apiary_host_api, request_error_code), 416)       \
  X(offsetof(apiary_host_api, auth_set_principal), 424)       \
  X(offsetof(apiary_host_api, auth_add_scope), 432)           \
  X(offsetof(apiary_host_api, auth_set_challenge), 440)       \
  X(offsetof(apiary_host_api, cred_issue), 448)               \
  X(offsetof(apiary_host_api, cred_verify), 456)              \
  X(offsetof(apiary_host_api, cred_rotate), 464)              \
  X(offsetof(apiary_host_api, cred_revoke), 472)              \
  X(offsetof(apiary_host_api, cred_list), 480)
#define LAYOUT_PLUGIN_DESCRIPTOR_1_3(X) X(offsetof(apiary_plugin_descriptor, authenticate), 96)
#endif

#if APIARY_ABI_MINOR >= 4
// --- 1.4: metrics ---
#define LAYOUT_HOST_API_1_4(X)                          \
  X(offsetof(apiary_host_api, metric_counter), 488)     \
  X(offsetof(apiary_host_api, metric_counter_add), 496) \
  X(offsetof(apiary_route_def, request_schema), 80)     \
  X(offsetof(apiary_route_def, response_schema), 96)
#endif

#if APIARY_ABI_MINOR >= 5
// --- 1.5: WebSocket routes ---
#define LAYOUT_WEBSOCKET_1_5(X)                              \
  X(offsetof(apiary_host_api, request_is_websocket), 504)    \
  X(offsetof(apiary_host_api, ws_accept), 512)               \
  X(offsetof(apiary_host_api, ws_send), 520)                 \
  X(offsetof(apiary_host_api, ws_close), 528)                \
  X(offsetof(apiary_route_def, websocket), 112)              \
  X(sizeof(apiary_websocket_handlers), 40)                   \
  X(offsetof(apiary_websocket_handlers, on_open), 8)         \
  X(offsetof(apiary_websocket_handlers, on_message), 16)     \
  X(offsetof(apiary_websocket_handlers, on_close), 24)       \
  X(offsetof(apiary_websocket_handlers, accepts_binary), 32) \
  X(APIARY_ROUTE_DEF_MIN_SIZE_1_5, 120)                      \
  X(APIARY_HOST_API_MIN_SIZE_1_5, 536)                       \
  X(APIARY_WEBSOCKET_HANDLERS_MIN_SIZE_1_5, 36)
#endif

#if APIARY_ABI_MINOR >= 3
#define LAYOUT_ROUTE_DEF_1_3(X) X(offsetof(apiary_route_def, policy), 72)

#define LAYOUT_POLICY(X)                          \
  X(sizeof(apiary_policy), 48)                    \
  X(alignof(apiary_policy), 8)                    \
  X(offsetof(apiary_policy, struct_size), 0)      \
  X(offsetof(apiary_policy, providers), 8)        \
  X(offsetof(apiary_policy, provider_count), 16)  \
  X(offsetof(apiary_policy, scopes), 24)          \
  X(offsetof(apiary_policy, scope_count), 32)     \
  X(offsetof(apiary_policy, allow_anonymous), 40) \
  X(offsetof(apiary_policy, throttle_failures), 44)

#define LAYOUT_CREDENTIAL_SPEC(X)                      \
  X(sizeof(apiary_credential_spec), 96)                \
  X(offsetof(apiary_credential_spec, realm), 8)        \
  X(offsetof(apiary_credential_spec, subject), 24)     \
  X(offsetof(apiary_credential_spec, kind), 40)        \
  X(offsetof(apiary_credential_spec, scopes), 48)      \
  X(offsetof(apiary_credential_spec, scope_count), 56) \
  X(offsetof(apiary_credential_spec, note), 64)        \
  X(offsetof(apiary_credential_spec, password), 80)

#define LAYOUT_CREDENTIAL_INFO(X)                     \
  X(sizeof(apiary_credential_info), 104)              \
  X(offsetof(apiary_credential_info, id), 8)          \
  X(offsetof(apiary_credential_info, realm), 16)      \
  X(offsetof(apiary_credential_info, subject), 32)    \
  X(offsetof(apiary_credential_info, kind), 48)       \
  X(offsetof(apiary_credential_info, scopes), 56)     \
  X(offsetof(apiary_credential_info, note), 72)       \
  X(offsetof(apiary_credential_info, created_ms), 88) \
  X(offsetof(apiary_credential_info, revoked_ms), 96)
#endif

// --- sizes per minor: the only numbers that change when a struct grows at its end ---

// The minimum sizes are frozen by definition, whatever the structs grow to.
#define LAYOUT_FROZEN_MINIMUMS_1_0(X) X(APIARY_DESCRIPTOR_MIN_SIZE_1_0, 88)
#if APIARY_ABI_MINOR >= 1
#define LAYOUT_FROZEN_MINIMUMS_1_1(X)   \
  X(APIARY_DESCRIPTOR_MIN_SIZE_1_1, 88) \
  X(APIARY_HOST_API_MIN_SIZE_1_1, 376)
#endif
#if APIARY_ABI_MINOR >= 2
#define LAYOUT_FROZEN_MINIMUMS_1_2(X) X(APIARY_DESCRIPTOR_MIN_SIZE_1_2, 96)
#endif
#if APIARY_ABI_MINOR >= 3
#define LAYOUT_FROZEN_MINIMUMS_1_3(X) X(APIARY_DESCRIPTOR_MIN_SIZE_1_3, 104)
#endif

#if APIARY_ABI_MINOR == 0
#define LAYOUT_GROWING_SIZES(X)           \
  X(sizeof(apiary_host_api), 184)         \
  X(sizeof(apiary_plugin_descriptor), 88) \
  X(sizeof(apiary_route_def), 72)
#elif APIARY_ABI_MINOR == 1
#define LAYOUT_GROWING_SIZES(X)           \
  X(sizeof(apiary_host_api), 376)         \
  X(sizeof(apiary_plugin_descriptor), 88) \
  X(sizeof(apiary_route_def), 72)
#elif APIARY_ABI_MINOR == 2
#define LAYOUT_GROWING_SIZES(X)           \
  X(sizeof(apiary_host_api), 384)         \
  X(sizeof(apiary_plugin_descriptor), 96) \
  X(sizeof(apiary_route_def), 72)
#elif APIARY_ABI_MINOR == 3
#define LAYOUT_GROWING_SIZES(X)            \
  X(sizeof(apiary_host_api), 488)          \
  X(sizeof(apiary_plugin_descriptor), 104) \
  X(sizeof(apiary_route_def), 80)
#elif APIARY_ABI_MINOR == 4
#define LAYOUT_GROWING_SIZES(X)            \
  X(sizeof(apiary_host_api), 504)          \
  X(sizeof(apiary_plugin_descriptor), 104) \
  X(sizeof(apiary_route_def), 112)
#elif APIARY_ABI_MINOR == 5
#define LAYOUT_GROWING_SIZES(X)            \
  X(sizeof(apiary_host_api), 536)          \
  X(sizeof(apiary_plugin_descriptor), 104) \
  X(sizeof(apiary_route_def), 120)
#else
// A minor newer than the last golden table: work in progress, not pinned yet (the
// AbiLayout.NewestMinorIsPinned test is skipped to say so). Everything released above still is,
// and the structs may only have grown. Before releasing it, add its table here.
#define APIARY_LAYOUT_UNPINNED_MINOR 1
#define LAYOUT_GROWING_SIZES(X)
static_assert(sizeof(apiary_host_api) >= 536, "apiary_host_api shrank below 1.5");
static_assert(sizeof(apiary_plugin_descriptor) >= 104, "apiary_plugin_descriptor shrank below 1.3");
#endif

// --- compile time: the build fails on any layout change ---

#define STATIC_LAYOUT(expr, golden) static_assert((expr) == (golden), #expr " changed");

LAYOUT_STR(STATIC_LAYOUT)
LAYOUT_ROUTE_DEF(STATIC_LAYOUT)
LAYOUT_CORS_POLICY(STATIC_LAYOUT)
LAYOUT_ROUTER_OPTIONS(STATIC_LAYOUT)
LAYOUT_HOST_API_1_0(STATIC_LAYOUT)
LAYOUT_HOST_INFO(STATIC_LAYOUT)
LAYOUT_PLUGIN_DESCRIPTOR(STATIC_LAYOUT)
LAYOUT_GROWING_SIZES(STATIC_LAYOUT)
LAYOUT_FROZEN_MINIMUMS_1_0(STATIC_LAYOUT)
#if APIARY_ABI_MINOR >= 1
LAYOUT_FROZEN_MINIMUMS_1_1(STATIC_LAYOUT)
LAYOUT_HOST_API_1_1(STATIC_LAYOUT)
LAYOUT_VALUE(STATIC_LAYOUT)
LAYOUT_MIGRATION(STATIC_LAYOUT)
LAYOUT_HTTP_HEADER(STATIC_LAYOUT)
LAYOUT_HTTP_REQUEST(STATIC_LAYOUT)
#endif
#if APIARY_ABI_MINOR >= 2
LAYOUT_FROZEN_MINIMUMS_1_2(STATIC_LAYOUT)
LAYOUT_HOST_API_1_2(STATIC_LAYOUT)
LAYOUT_PLUGIN_DESCRIPTOR_1_2(STATIC_LAYOUT)
#endif
#if APIARY_ABI_MINOR >= 3
LAYOUT_FROZEN_MINIMUMS_1_3(STATIC_LAYOUT)
LAYOUT_HOST_API_1_3(STATIC_LAYOUT)
LAYOUT_PLUGIN_DESCRIPTOR_1_3(STATIC_LAYOUT)
LAYOUT_ROUTE_DEF_1_3(STATIC_LAYOUT)
LAYOUT_POLICY(STATIC_LAYOUT)
LAYOUT_CREDENTIAL_SPEC(STATIC_LAYOUT)
LAYOUT_CREDENTIAL_INFO(STATIC_LAYOUT)
static_assert(APIARY_KIND_AUTHENTICATOR == 2);
static_assert(APIARY_AUTH_NO_CREDENTIALS == 0 && APIARY_AUTH_INVALID == 1 && APIARY_AUTH_OK == 2 &&
              APIARY_AUTH_ERROR == 3);
static_assert(APIARY_CREDENTIAL_TOKEN == 1 && APIARY_CREDENTIAL_PASSWORD == 2);
static_assert(APIARY_DB_NOT_FOUND == 5);
#endif
#if APIARY_ABI_MINOR >= 4
LAYOUT_HOST_API_1_4(STATIC_LAYOUT)
#endif
#if APIARY_ABI_MINOR >= 5
LAYOUT_WEBSOCKET_1_5(STATIC_LAYOUT)
static_assert(APIARY_WS_TEXT == 1 && APIARY_WS_BINARY == 2);
static_assert(std::is_standard_layout_v<apiary_websocket_handlers>);
#endif

static_assert(APIARY_ABI_MAGIC == 0x41504959u);
static_assert(APIARY_ABI_MAJOR == 1);

static_assert(APIARY_LOG_TRACE == 0 && APIARY_LOG_DEBUG == 1 && APIARY_LOG_INFO == 2 &&
              APIARY_LOG_WARNING == 3 && APIARY_LOG_ERROR == 4);
static_assert(APIARY_KIND_ROUTES == 1);
static_assert(APIARY_OK == 0 && APIARY_FAILED == 1);
static_assert(APIARY_ROUTER_CASE_INSENSITIVE == 1 && APIARY_ROUTER_OPTIONAL_TRAILING_SLASH == 2 &&
              APIARY_ROUTER_METHOD_MISMATCH_IS_404 == 4);

// Every struct must stay standard-layout (C-compatible) for offsetof to mean anything.
static_assert(std::is_standard_layout_v<apiary_str> &&
              std::is_standard_layout_v<apiary_route_def> &&
              std::is_standard_layout_v<apiary_cors_policy> &&
              std::is_standard_layout_v<apiary_router_options> &&
              std::is_standard_layout_v<apiary_host_api> &&
              std::is_standard_layout_v<apiary_host_info> &&
              std::is_standard_layout_v<apiary_plugin_descriptor>);

// --- run time: the same numbers, printed ---

#define EXPECT_LAYOUT(expr, golden)                                     \
  {                                                                     \
    const size_t actual = (expr);                                       \
    std::cout << "  " << #expr << " = " << actual << "\n";              \
    EXPECT_EQ(actual, static_cast<size_t>(golden)) << #expr " changed"; \
  }

TEST(AbiLayout, Str) {
  LAYOUT_STR(EXPECT_LAYOUT);
}
TEST(AbiLayout, RouteDef) {
  LAYOUT_ROUTE_DEF(EXPECT_LAYOUT);
}
TEST(AbiLayout, CorsPolicy) {
  LAYOUT_CORS_POLICY(EXPECT_LAYOUT);
}
TEST(AbiLayout, RouterOptions) {
  LAYOUT_ROUTER_OPTIONS(EXPECT_LAYOUT);
}
TEST(AbiLayout, HostApi10Slots) {
  LAYOUT_HOST_API_1_0(EXPECT_LAYOUT);
}
TEST(AbiLayout, HostInfo) {
  LAYOUT_HOST_INFO(EXPECT_LAYOUT);
}
TEST(AbiLayout, PluginDescriptor) {
  LAYOUT_PLUGIN_DESCRIPTOR(EXPECT_LAYOUT);
}
TEST(AbiLayout, SizesOfThisMinor) {
  LAYOUT_GROWING_SIZES(EXPECT_LAYOUT);
  LAYOUT_FROZEN_MINIMUMS_1_0(EXPECT_LAYOUT);
#if APIARY_ABI_MINOR >= 1
  LAYOUT_FROZEN_MINIMUMS_1_1(EXPECT_LAYOUT);
#endif
#if APIARY_ABI_MINOR >= 2
  LAYOUT_FROZEN_MINIMUMS_1_2(EXPECT_LAYOUT);
#endif
#if APIARY_ABI_MINOR >= 3
  LAYOUT_FROZEN_MINIMUMS_1_3(EXPECT_LAYOUT);
#endif
}
#if APIARY_ABI_MINOR >= 3
#if APIARY_ABI_MINOR >= 4
TEST(AbiLayout, Metrics14) {
  LAYOUT_HOST_API_1_4(EXPECT_LAYOUT);
}
#endif
#if APIARY_ABI_MINOR >= 5
TEST(AbiLayout, WebSocket15) {
  LAYOUT_WEBSOCKET_1_5(EXPECT_LAYOUT);
}
#endif
TEST(AbiLayout, Authentication13) {
  LAYOUT_HOST_API_1_3(EXPECT_LAYOUT);
  LAYOUT_PLUGIN_DESCRIPTOR_1_3(EXPECT_LAYOUT);
  LAYOUT_ROUTE_DEF_1_3(EXPECT_LAYOUT);
  LAYOUT_POLICY(EXPECT_LAYOUT);
  LAYOUT_CREDENTIAL_SPEC(EXPECT_LAYOUT);
  LAYOUT_CREDENTIAL_INFO(EXPECT_LAYOUT);
}
#endif
// Says, without failing, that the header's newest minor has no golden table yet.
TEST(AbiLayout, NewestMinorIsPinned) {
#ifdef APIARY_LAYOUT_UNPINNED_MINOR
  GTEST_SKIP() << "ABI 1." << APIARY_ABI_MINOR
               << " has no golden layout table yet: add one to AbiLayoutTest.cpp before release";
#endif
}

#if APIARY_ABI_MINOR >= 1
TEST(AbiLayout, HostApi11Slots) {
  LAYOUT_HOST_API_1_1(EXPECT_LAYOUT);
}
TEST(AbiLayout, Value) {
  LAYOUT_VALUE(EXPECT_LAYOUT);
}
TEST(AbiLayout, Migration) {
  LAYOUT_MIGRATION(EXPECT_LAYOUT);
}
TEST(AbiLayout, HttpHeader) {
  LAYOUT_HTTP_HEADER(EXPECT_LAYOUT);
}
TEST(AbiLayout, HttpRequest) {
  LAYOUT_HTTP_REQUEST(EXPECT_LAYOUT);
}
#endif
#if APIARY_ABI_MINOR >= 2
TEST(AbiLayout, Commands12) {
  LAYOUT_HOST_API_1_2(EXPECT_LAYOUT);
  LAYOUT_PLUGIN_DESCRIPTOR_1_2(EXPECT_LAYOUT);
}
#endif

// The 1.0 minimum is the full 1.0 descriptor: a 1.0 plugin must fill every 1.0 field, and the
// value is frozen at format_error however the descriptor grows.
TEST(AbiLayout, DescriptorMinimumSizeEndsAtFormatError) {
  EXPECT_EQ(APIARY_DESCRIPTOR_MIN_SIZE_1_0, 88u);
  EXPECT_EQ(APIARY_DESCRIPTOR_MIN_SIZE_1_0,
            offsetof(apiary_plugin_descriptor, format_error) + sizeof(void*));
}

// A struct that grows must never shrink below what an older plugin relies on.
TEST(AbiLayout, TablesOnlyGrow) {
  EXPECT_GE(sizeof(apiary_host_api), 184u);  // the 1.0 table ends after response_write
  EXPECT_GE(sizeof(apiary_plugin_descriptor), APIARY_DESCRIPTOR_MIN_SIZE_1_0);
}

// The constants are part of the contract: "APIY", major 1, the entry symbol name.
TEST(AbiConstants, MagicVersionAndEntrySymbol) {
  EXPECT_EQ(APIARY_ABI_MAGIC, 0x41504959u);
  // The magic spells "APIY" read as big-endian characters.
  const uint32_t m = APIARY_ABI_MAGIC;
  const std::string spelled{static_cast<char>(m >> 24), static_cast<char>((m >> 16) & 0xff),
                            static_cast<char>((m >> 8) & 0xff), static_cast<char>(m & 0xff)};
  EXPECT_EQ(spelled, "APIY");
  EXPECT_EQ(APIARY_ABI_MAJOR, 1);
  std::cout << "  ABI " << APIARY_ABI_MAJOR << "." << APIARY_ABI_MINOR << "\n";
  EXPECT_STREQ(APIARY_PLUGIN_ENTRY_SYMBOL, "apiary_plugin_entry_v1");
}

// Enum values are stored in int32_t/uint32_t fields by plugins: they are never renumbered.
TEST(AbiConstants, EnumValuesAreAsNumbered) {
  EXPECT_EQ(APIARY_LOG_TRACE, 0);
  EXPECT_EQ(APIARY_LOG_DEBUG, 1);
  EXPECT_EQ(APIARY_LOG_INFO, 2);
  EXPECT_EQ(APIARY_LOG_WARNING, 3);
  EXPECT_EQ(APIARY_LOG_ERROR, 4);

  EXPECT_EQ(APIARY_KIND_ROUTES, 1);

  EXPECT_EQ(APIARY_OK, 0);
  EXPECT_EQ(APIARY_FAILED, 1);

  EXPECT_EQ(static_cast<uint32_t>(APIARY_ROUTER_CASE_INSENSITIVE), 1u);
  EXPECT_EQ(static_cast<uint32_t>(APIARY_ROUTER_OPTIONAL_TRAILING_SLASH), 2u);
  EXPECT_EQ(static_cast<uint32_t>(APIARY_ROUTER_METHOD_MISMATCH_IS_404), 4u);
}

#if APIARY_ABI_MINOR >= 1
static_assert(APIARY_VALUE_NULL == 0 && APIARY_VALUE_INT64 == 1 && APIARY_VALUE_DOUBLE == 2 &&
              APIARY_VALUE_TEXT == 3 && APIARY_VALUE_BLOB == 4);
static_assert(APIARY_DB_OK == 0 && APIARY_DB_CONSTRAINT == 1 && APIARY_DB_BUSY == 2 &&
              APIARY_DB_UNAVAILABLE == 3 && APIARY_DB_OTHER == 4);
static_assert(APIARY_HTTP_OK == 0 && APIARY_HTTP_TIMEOUT == 1 && APIARY_HTTP_REFUSED == 2 &&
              APIARY_HTTP_TLS == 3 && APIARY_HTTP_TOO_LARGE == 4 && APIARY_HTTP_INVALID == 5 &&
              APIARY_HTTP_NETWORK == 6);

TEST(AbiConstants, EnumValuesOf11AreAsNumbered) {
  EXPECT_EQ(APIARY_VALUE_NULL, 0);
  EXPECT_EQ(APIARY_VALUE_INT64, 1);
  EXPECT_EQ(APIARY_VALUE_DOUBLE, 2);
  EXPECT_EQ(APIARY_VALUE_TEXT, 3);
  EXPECT_EQ(APIARY_VALUE_BLOB, 4);

  EXPECT_EQ(APIARY_DB_OK, 0);
  EXPECT_EQ(APIARY_DB_CONSTRAINT, 1);
  EXPECT_EQ(APIARY_DB_BUSY, 2);
  EXPECT_EQ(APIARY_DB_UNAVAILABLE, 3);
  EXPECT_EQ(APIARY_DB_OTHER, 4);

  EXPECT_EQ(APIARY_HTTP_OK, 0);
  EXPECT_EQ(APIARY_HTTP_TIMEOUT, 1);
  EXPECT_EQ(APIARY_HTTP_REFUSED, 2);
  EXPECT_EQ(APIARY_HTTP_TLS, 3);
  EXPECT_EQ(APIARY_HTTP_TOO_LARGE, 4);
  EXPECT_EQ(APIARY_HTTP_INVALID, 5);
  EXPECT_EQ(APIARY_HTTP_NETWORK, 6);
}
#endif

// Field and function-pointer types are part of the contract too: a changed parameter type
// keeps every offset but breaks every caller.
static_assert(std::is_same_v<decltype(apiary_route_def::struct_size), uint32_t>);
static_assert(
    std::is_same_v<apiary_handler_fn, int32_t (*)(void*, const apiary_request*, apiary_response*)>);
static_assert(std::is_same_v<decltype(apiary_host_info::abi_major), uint16_t>);
static_assert(std::is_same_v<decltype(apiary_host_info::abi_minor), uint16_t>);
static_assert(std::is_same_v<decltype(apiary_plugin_descriptor::kind), uint32_t>);
static_assert(std::is_same_v<decltype(apiary_cors_policy::preflight_status), int32_t>);
static_assert(std::is_same_v<decltype(apiary_cors_policy::max_age_seconds), int32_t>);
static_assert(std::is_same_v<decltype(apiary_router_options::flags), uint32_t>);
static_assert(std::is_same_v<apiary_plugin_entry_fn,
                             const apiary_plugin_descriptor* (*)(const apiary_host_info*)>);
static_assert(std::is_same_v<decltype(apiary_host_api::log),
                             void (*)(const apiary_plugin_ctx*, int32_t, apiary_str)>);
static_assert(std::is_same_v<decltype(apiary_host_api::router_add),
                             int32_t (*)(apiary_router*, const apiary_route_def*)>);
static_assert(std::is_same_v<decltype(apiary_host_api::response_write),
                             void (*)(apiary_response*, const void*, size_t)>);
#if APIARY_ABI_MINOR >= 2
static_assert(std::is_same_v<decltype(apiary_plugin_descriptor::run_command),
                             int32_t (*)(void*, const apiary_str*, size_t, apiary_output*)>);
static_assert(std::is_same_v<decltype(apiary_host_api::output_write),
                             void (*)(apiary_output*, int32_t, apiary_str)>);
#endif
static_assert(std::is_same_v<decltype(apiary_plugin_descriptor::format_error),
                             int32_t (*)(void*, int32_t, apiary_str, const apiary_request*,
                                         apiary_response*)>);

}  // namespace
