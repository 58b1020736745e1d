/*
 * apiary plugin ABI: the only binary contract between the host and a plugin.
 *
 * Plain C (C99 and C++ compatible). Nothing from the STL, Poco or Boost crosses this boundary, and
 * no exception may ever propagate through a function declared here.
 *
 * Versioning (see DESIGN.md, "The plugin boundary"):
 *   - The major version is part of the entry symbol name (apiary_plugin_entry_v1). A major bump
 *     renames the symbol, so an incompatible plugin fails with "no entry symbol".
 *   - The host accepts a plugin when: magic matches, major is equal, the plugin's minor is <= the
 *     host's minor, and descriptor.struct_size >= the minimum size for the plugin's minor.
 *   - Structs and function tables only grow at the end; a slot is never reordered or reused.
 *     A deprecated slot is left NULL. Every struct starts with its own size.
 *
 * Ownership:
 *   - apiary_str values handed from host to plugin are views valid only for the duration of the
 *     callback that received them (or, for host_info, for the whole process lifetime).
 *   - Everything the plugin hands to the host (route definitions, headers, bodies, error texts) is
 *     copied by the host before the call returns; the plugin keeps ownership of its memory.
 *   - Whoever allocates frees. No side ever frees memory the other side allocated.
 *
 * Threading:
 *   - validate_config, create, register_routes, start, stop and destroy are called from the host's
 *     main thread, one at a time, in config order (stop/destroy in reverse order).
 *   - Route handlers and format_error may run CONCURRENTLY on any of the host's worker threads,
 *     for the same instance. Plugins must make their handler state thread-safe.
 *   - Host functions are thread-safe unless noted.
 */
#ifndef APIARY_ABI_H
#define APIARY_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define APIARY_ABI_MAGIC 0x41504959u /* "APIY" */
#define APIARY_ABI_MAJOR 1
/* 1.1: storage, clock, timers, outbound HTTP; 1.2: operator commands; 1.3: authentication;
 * 1.4: plugin metrics, route schemas for OpenAPI; 1.5: WebSocket routes */
#define APIARY_ABI_MINOR 5

/* Symbol a plugin exports. The major version is part of the name. */
#define APIARY_PLUGIN_ENTRY_SYMBOL "apiary_plugin_entry_v1"

/* A UTF-8 string view. Not NUL-terminated unless stated. data may be NULL when size is 0. */
typedef struct apiary_str {
  const char* data;
  size_t size;
} apiary_str;

/* Opaque handles. All are owned by the host. */
typedef struct apiary_request apiary_request;       /* one incoming request; valid during a handler call */
typedef struct apiary_response apiary_response;     /* the response being built; valid during the call */
typedef struct apiary_router apiary_router;         /* valid during register_routes only */
typedef struct apiary_plugin_ctx apiary_plugin_ctx; /* one per plugin instance; valid until destroy returns */
typedef struct apiary_error apiary_error;           /* error sink; valid during the call that received it */
typedef struct apiary_db_result apiary_db_result;   /* rows of one statement; freed by db_result_free */
typedef struct apiary_db_txn apiary_db_txn;         /* an open transaction; ended by commit or rollback */
typedef struct apiary_http_response apiary_http_response; /* freed by http_response_free */
typedef struct apiary_output apiary_output;         /* a command's stdout/stderr; valid during the command */
typedef struct apiary_auth_result apiary_auth_result; /* filled by authenticate / cred_verify */
struct apiary_websocket_handlers; /* 1.5, below */

/* Log levels, stored as int32_t; never renumbered. */
enum {
  APIARY_LOG_TRACE = 0,
  APIARY_LOG_DEBUG = 1,
  APIARY_LOG_INFO = 2,
  APIARY_LOG_WARNING = 3,
  APIARY_LOG_ERROR = 4
};

/* Plugin kinds (bit flags in descriptor.kind). */
enum {
  APIARY_KIND_ROUTES = 1,
  APIARY_KIND_AUTHENTICATOR = 2 /* 1.3: descriptor.authenticate is set; needs no listener */
};

/* Return codes of plugin callbacks. */
enum { APIARY_OK = 0, APIARY_FAILED = 1 };

/* Router option flags (apiary_router_options.flags). */
enum {
  /* Match literal path segments case-insensitively (Express's default). */
  APIARY_ROUTER_CASE_INSENSITIVE = 1u << 0,
  /* "/a/" matches the route "/a" (Express's non-strict routing; Spectrum's API). */
  APIARY_ROUTER_OPTIONAL_TRAILING_SLASH = 1u << 1,
  /* A known path with an unregistered method answers 404 instead of 405 (Express does so). */
  APIARY_ROUTER_METHOD_MISMATCH_IS_404 = 1u << 2
};

/*
 * Handler: called for each matching request, possibly concurrently on many threads.
 * req and resp are valid only during the call. Return APIARY_OK when resp holds the answer;
 * APIARY_FAILED makes the host answer 500 through the plugin's error formatter and log the
 * request id. user is the pointer given in apiary_route_def.
 */
typedef int32_t (*apiary_handler_fn)(void* user, const apiary_request* req, apiary_response* resp);

/* One route. All strings are copied by the host during route_add. */
typedef struct apiary_route_def {
  uint32_t struct_size;
  apiary_str method;  /* "GET", "POST", ...; upper case */
  apiary_str pattern; /* "/preview/{previewCode}": literal and {name} segments */
  apiary_str summary; /* one line for the OpenAPI document; may be empty */
  apiary_handler_fn handler;
  void* user; /* passed back to handler; owned by the plugin, must outlive the instance */
  /* 1.3: who may call the route; NULL: no authentication. Copied by the host. */
  const struct apiary_policy* policy;
  /* 1.4: JSON Schema (text) of the request body and of the success response, for the
   * generated OpenAPI document; empty when undeclared. Copied by the host. */
  apiary_str request_schema;
  apiary_str response_schema;
  /* 1.5: when set, the route also accepts WebSocket upgrades (method must be GET); see
   * apiary_websocket_handlers. NULL: a plain HTTP route. The host copies the struct. */
  const struct apiary_websocket_handlers* websocket;
} apiary_route_def;

/* --- 1.5: WebSocket routes ------------------------------------------------------------------
 *
 * A route with websocket handlers is called like any GET route, for plain requests and for
 * upgrade requests alike (Engine.IO serves both on one path); request_is_websocket tells them
 * apart. To accept an upgrade the handler calls ws_accept with a per-connection state pointer
 * and returns APIARY_OK (the status it set is ignored; the host answers 101). Without
 * ws_accept the response goes out as plain HTTP, so a handler refuses an upgrade with any
 * status in its own envelope (e.g. 401 from a query parameter or header check).
 *
 * The host frames (RFC 6455): it answers pings, pings the client every ping interval and closes
 * (1001) when no pong arrives in time, reassembles fragmented messages, closes with 1009 when a
 * message exceeds the configured size, 1002 on protocol errors, 1007 on invalid UTF-8 in a text
 * message, 1003 on a binary message the route has no handler for, 1011 when on_message
 * returns APIARY_FAILED. Every callback of one connection runs on one host thread, one at a time,
 * in order: on_open, messages, on_close. on_close is called exactly once for every state passed
 * to ws_accept (even when the upgrade failed before on_open; conn is then 0): free the state
 * there. All connections of an instance are closed (1001) before its stop is called.
 */
enum {
  APIARY_WS_TEXT = 1,  /* opcodes as in RFC 6455 */
  APIARY_WS_BINARY = 2
};

typedef struct apiary_websocket_handlers {
  uint32_t struct_size;
  /* The connection is open; conn is its id for ws_send/ws_close (any thread). May be NULL. */
  void (*on_open)(void* route_user, uint64_t conn, void* conn_user);
  /* A complete message (type APIARY_WS_TEXT, valid UTF-8, or APIARY_WS_BINARY). data is valid
   * during the call. APIARY_FAILED closes the connection with 1011. */
  int32_t (*on_message)(void* route_user, uint64_t conn, void* conn_user, int32_t type,
                        const void* data, size_t size);
  /* The connection is closed (no more sends possible): code and reason of the close frame the
   * client sent, or the host's (1006 when the peer vanished without one). */
  void (*on_close)(void* route_user, uint64_t conn, void* conn_user, int32_t code,
                   apiary_str reason);
  /* Whether binary messages are accepted; 0: a binary message closes with 1003. */
  int32_t accepts_binary;
} apiary_websocket_handlers;

/* --- 1.3: authentication ------------------------------------------------------------------ */

/* Outcome of authenticate and cred_verify, stored as int32_t; never renumbered. */
enum {
  APIARY_AUTH_NO_CREDENTIALS = 0, /* the request carries nothing this provider understands */
  APIARY_AUTH_INVALID = 1,        /* credentials present but wrong, revoked or malformed */
  APIARY_AUTH_OK = 2,             /* principal (and scopes) set on the result */
  APIARY_AUTH_ERROR = 3           /* the provider could not decide (storage down): a 503 */
};

/* Credential kinds in the host's credential store. */
enum {
  APIARY_CREDENTIAL_TOKEN = 1,   /* a high-entropy secret the host generates; stored as SHA-256 */
  APIARY_CREDENTIAL_PASSWORD = 2 /* a human-chosen secret; stored with PBKDF2-HMAC-SHA256 */
};

/*
 * Who may call a route (or every path under a prefix). The host enforces it before the
 * handler: the request must satisfy every policy that applies (the plugin's route policy, its
 * prefix policies and the operator's), so adding a policy can only tighten access.
 *   - providers: authenticator instance names from the config ("bearer:spellbot"); tried in
 *     order until one answers other than NO_CREDENTIALS. Empty: any provider named by another
 *     applicable policy.
 *   - scopes: every one must be granted to the principal ("*" grants all).
 *   - allow_anonymous: requests without credentials pass with an empty principal (invalid
 *     credentials are still refused).
 *   - throttle_failures: > 0: after that many failed attempts (invalid or insufficient
 *     credentials) from one client address within 60 s, further failures answer 429.
 * Outcomes the handler never sees: missing credentials 401 (code "auth.missing"), invalid 401
 * with the provider's challenge ("auth.invalid"), missing scope 403 ("auth.scope"), provider
 * error 503 ("auth.unavailable"), throttled 429 ("auth.throttled"); each rendered by the
 * owning plugin's format_error, which can read the code with request_error_code.
 */
typedef struct apiary_policy {
  uint32_t struct_size;
  const apiary_str* providers;
  size_t provider_count;
  const apiary_str* scopes;
  size_t scope_count;
  int32_t allow_anonymous;
  int32_t throttle_failures;
} apiary_policy;

/* A credential to issue. Strings are copied. */
typedef struct apiary_credential_spec {
  uint32_t struct_size;
  apiary_str realm;   /* namespace, e.g. "spellbot" or "spectrum" */
  apiary_str subject; /* who it authenticates (user name, project id); may be empty for tokens */
  int32_t kind;       /* APIARY_CREDENTIAL_* */
  const apiary_str* scopes;
  size_t scope_count;
  apiary_str note;
  apiary_str password; /* PASSWORD only: the chosen secret; TOKEN: ignored (generated) */
} apiary_credential_spec;

/* One credential as listed (never its secret). Views valid during the visitor call. */
typedef struct apiary_credential_info {
  uint32_t struct_size;
  int64_t id;
  apiary_str realm;
  apiary_str subject;
  int32_t kind;
  apiary_str scopes; /* comma-separated */
  apiary_str note;
  int64_t created_ms;
  int64_t revoked_ms; /* 0: active */
} apiary_credential_info;

typedef void (*apiary_credential_visitor)(void* user, const apiary_credential_info* info);

/*
 * CORS policy of a plugin. When set, the host answers every OPTIONS request under the plugin's
 * mount itself (preflight) and adds allow_origin to every response, host errors included.
 * All strings are copied by the host.
 */
typedef struct apiary_cors_policy {
  uint32_t struct_size;
  apiary_str allow_origin;  /* e.g. "*" */
  apiary_str allow_methods; /* e.g. "GET,HEAD,PUT,PATCH,POST,DELETE" */
  apiary_str allow_headers; /* empty: echo Access-Control-Request-Headers (and add Vary) */
  int32_t preflight_status; /* e.g. 204 */
  int32_t max_age_seconds;  /* < 0: no Access-Control-Max-Age header */
} apiary_cors_policy;

/* Matching options of a plugin's routes. */
typedef struct apiary_router_options {
  uint32_t struct_size;
  uint32_t flags; /* APIARY_ROUTER_* */
} apiary_router_options;

/* --- 1.1: storage ------------------------------------------------------------------------- */

/* Value types of SQL parameters and result cells, stored as int32_t; never renumbered. */
enum {
  APIARY_VALUE_NULL = 0,
  APIARY_VALUE_INT64 = 1,
  APIARY_VALUE_DOUBLE = 2,
  APIARY_VALUE_TEXT = 3,
  APIARY_VALUE_BLOB = 4
};

/* A SQL parameter or result cell. bytes is used by TEXT and BLOB. Views in results live until
 * db_result_free; parameters are copied by the host during the call. */
typedef struct apiary_value {
  int32_t type; /* APIARY_VALUE_* */
  int64_t int64;
  double real;
  apiary_str bytes;
} apiary_value;

/* Outcome of a storage call: a small portable set that plugins map to their own statuses. */
enum {
  APIARY_DB_OK = 0,
  APIARY_DB_CONSTRAINT = 1,  /* unique/foreign-key/check violation: usually a 409 */
  APIARY_DB_BUSY = 2,        /* locked or serialization failure: retry the transaction, or 503 */
  APIARY_DB_UNAVAILABLE = 3, /* cannot open, read-only, corrupt, disk full, connection lost: 503 */
  APIARY_DB_OTHER = 4,       /* bad SQL, type mismatch, ...: a bug, 500 */
  APIARY_DB_NOT_FOUND = 5    /* 1.3, credential store: no such credential in that realm */
};

/* One schema step. Steps are applied in version order, all pending steps of a plugin in one
 * transaction, and recorded in the table apiary_migrations. Strings are copied. */
typedef struct apiary_migration {
  uint32_t struct_size;
  int64_t version; /* > 0, strictly increasing */
  apiary_str description;
  const apiary_str* statements; /* each one SQL statement, no parameters */
  size_t statement_count;
} apiary_migration;

/* --- 1.1: timers ---------------------------------------------------------------------------- */

/* A periodic job. Runs on the host's timer thread, never on a request thread; jobs of all
 * plugins share that thread, so keep them short. Must not throw (C boundary). */
typedef void (*apiary_timer_fn)(void* user);

/* --- 1.1: outbound HTTP --------------------------------------------------------------------- */

/* Outcome of an outbound request, stored as int32_t; never renumbered. */
enum {
  APIARY_HTTP_OK = 0,          /* a response arrived (any status) */
  APIARY_HTTP_TIMEOUT = 1,     /* connect or total timeout */
  APIARY_HTTP_REFUSED = 2,     /* connection refused or host unreachable */
  APIARY_HTTP_TLS = 3,         /* handshake or certificate verification failed */
  APIARY_HTTP_TOO_LARGE = 4,   /* response body over max_response_bytes */
  APIARY_HTTP_INVALID = 5,     /* bad URL, scheme or method */
  APIARY_HTTP_NETWORK = 6      /* name resolution, reset, protocol error */
};

typedef struct apiary_http_header {
  apiary_str name;
  apiary_str value;
} apiary_http_header;

/* An outbound request. Everything is copied by the host during http_send. */
typedef struct apiary_http_request {
  uint32_t struct_size;
  apiary_str method; /* "GET", "POST", ... */
  apiary_str url;    /* absolute http:// or https:// URL */
  const apiary_http_header* headers;
  size_t header_count;
  apiary_str body;
  int64_t connect_timeout_ms; /* <= 0: host default (5000) */
  int64_t total_timeout_ms;   /* <= 0: host default (30000) */
  int64_t max_response_bytes; /* <= 0: host default (8 MiB) */
} apiary_http_request;

/*
 * Host function table. Every function is thread-safe unless noted. Functions that return
 * apiary_str return views owned by the host, valid for the duration of the current callback.
 * Functions returning int32_t return 1 for "found"/success and 0 otherwise unless noted.
 */
typedef struct apiary_host_api {
  uint32_t struct_size;

  /* --- logging --- */
  /* Logs msg tagged with the instance's name. ctx may be NULL (untagged "plugin" logger). */
  void (*log)(const apiary_plugin_ctx* ctx, int32_t level, apiary_str msg);

  /* --- plugin context --- */
  /* The instance name from the config (e.g. "spectra"). */
  apiary_str (*ctx_instance_name)(const apiary_plugin_ctx* ctx);

  /* --- error sink (validate_config, create, start) --- */
  /* Records an error. path is a JSON pointer into the plugin's config section ("/greeting"),
   * or empty when the error is not about a config key. Both strings are copied. */
  void (*error_set)(apiary_error* err, apiary_str path, apiary_str message);

  /* --- router (register_routes only; main thread) --- */
  /* Adds a route; returns 0 on an invalid definition (reason logged and reported by the host). */
  int32_t (*router_add)(apiary_router* router, const apiary_route_def* def);
  void (*router_set_options)(apiary_router* router, const apiary_router_options* options);
  void (*router_set_cors)(apiary_router* router, const apiary_cors_policy* policy);
  /* A header added to every response of this plugin, host-made errors included. */
  void (*router_add_default_header)(apiary_router* router, apiary_str name, apiary_str value);

  /* --- request (views valid during the handler call) --- */
  apiary_str (*request_method)(const apiary_request* req);
  apiary_str (*request_path)(const apiary_request* req); /* raw path as received, no query */
  apiary_str (*request_query_string)(const apiary_request* req); /* raw, without "?" */
  /* Path parameter by name, percent-decoded. */
  int32_t (*request_param)(const apiary_request* req, apiary_str name, apiary_str* out);
  /* First query parameter with that name, percent-decoded ("+" is a space). */
  int32_t (*request_query)(const apiary_request* req, apiary_str name, apiary_str* out);
  /* First header with that name, case-insensitive. */
  int32_t (*request_header)(const apiary_request* req, apiary_str name, apiary_str* out);
  size_t (*request_header_count)(const apiary_request* req);
  int32_t (*request_header_at)(const apiary_request* req, size_t index, apiary_str* name,
                               apiary_str* value);
  apiary_str (*request_body)(const apiary_request* req);
  apiary_str (*request_remote_address)(const apiary_request* req); /* "ip:port" */
  apiary_str (*request_id)(const apiary_request* req);

  /* --- response (copied by the host) --- */
  void (*response_set_status)(apiary_response* resp, int32_t status);
  /* Replaces every header of that name. */
  void (*response_set_header)(apiary_response* resp, apiary_str name, apiary_str value);
  /* Adds one more header line (Set-Cookie). */
  void (*response_add_header)(apiary_response* resp, apiary_str name, apiary_str value);
  /* Appends to the body. */
  void (*response_write)(apiary_response* resp, const void* data, size_t size);

  /* ===== 1.1 ===== */

  /* --- error sinks a plugin owns (for the 1.1 calls that report a reason) --- */
  /* Creates an empty sink; the plugin destroys it with error_destroy. Any thread. */
  apiary_error* (*error_create)(void);
  /* Every message recorded so far, joined with "; " (paths prefixed). Valid until the next
   * error_set or error_destroy on this sink. */
  apiary_str (*error_message)(const apiary_error* err);
  void (*error_destroy)(apiary_error* err);

  /* --- storage: the instance's database (the host's shared one unless configured) ---
   * SQL uses '?' placeholders; the host translates them for its backend. Every call is
   * thread-safe; a txn is used by one thread at a time. On failure the functions return an
   * APIARY_DB_* code and describe the problem through err (err may be NULL). */
  /* Applies pending migrations of this instance's schema namespace, all in one transaction.
   * Main thread, during start. */
  int32_t (*db_migrate)(apiary_plugin_ctx* ctx, apiary_str schema, const apiary_migration* steps,
                        size_t step_count, apiary_error* err);
  /* Runs one statement. txn NULL: on a pooled connection in autocommit mode. *result (may be
   * NULL when the caller needs no rows) receives the rows; free it with db_result_free. */
  int32_t (*db_execute)(apiary_plugin_ctx* ctx, apiary_db_txn* txn, apiary_str sql,
                        const apiary_value* params, size_t param_count, apiary_db_result** result,
                        apiary_error* err);
  size_t (*db_result_row_count)(const apiary_db_result* result);
  size_t (*db_result_column_count)(const apiary_db_result* result);
  apiary_str (*db_result_column_name)(const apiary_db_result* result, size_t column);
  /* Cell value; views valid until db_result_free. Returns 0 when out of range. */
  int32_t (*db_result_value)(const apiary_db_result* result, size_t row, size_t column,
                             apiary_value* out);
  /* Rows changed by an INSERT/UPDATE/DELETE. */
  int64_t (*db_result_affected_rows)(const apiary_db_result* result);
  void (*db_result_free)(apiary_db_result* result);
  /* Opens a write transaction on a pooled connection (SQLite: BEGIN IMMEDIATE). */
  int32_t (*db_begin)(apiary_plugin_ctx* ctx, apiary_db_txn** txn, apiary_error* err);
  /* Commits and releases txn, whatever the outcome (on failure the transaction is rolled back). */
  int32_t (*db_commit)(apiary_db_txn* txn, apiary_error* err);
  /* Rolls back and releases txn. */
  void (*db_rollback)(apiary_db_txn* txn);

  /* --- clock and timers --- */
  /* Wall clock, milliseconds since the Unix epoch. */
  int64_t (*clock_wall_ms)(const apiary_plugin_ctx* ctx);
  /* Monotonic clock, milliseconds from an arbitrary origin. */
  int64_t (*clock_monotonic_ms)(const apiary_plugin_ctx* ctx);
  /* Runs fn(user) every interval_ms (first run one interval from now) on the timer thread.
   * Returns an id > 0, or 0 on invalid arguments. The host cancels an instance's remaining
   * timers (waiting for a running callback) before it calls the instance's stop. */
  uint64_t (*timer_every)(apiary_plugin_ctx* ctx, int64_t interval_ms, apiary_timer_fn fn,
                          void* user);
  /* Cancels a timer; when it returns, fn is not running and will not run again. Must not be
   * called from the timer's own callback. */
  void (*timer_cancel)(apiary_plugin_ctx* ctx, uint64_t id);

  /* --- outbound HTTP (blocking; call from handlers or timers) --- */
  /* Sends a request. Returns APIARY_HTTP_OK with *response set (free it), or an error kind with
   * the reason in err. Redirects are not followed. */
  int32_t (*http_send)(apiary_plugin_ctx* ctx, const apiary_http_request* request,
                       apiary_http_response** response, apiary_error* err);
  int32_t (*http_response_status)(const apiary_http_response* response);
  size_t (*http_response_header_count)(const apiary_http_response* response);
  int32_t (*http_response_header_at)(const apiary_http_response* response, size_t index,
                                     apiary_str* name, apiary_str* value);
  apiary_str (*http_response_body)(const apiary_http_response* response);
  void (*http_response_free)(apiary_http_response* response);

  /* ===== 1.2 ===== */

  /* --- command output (run_command only; main thread) --- */
  /* stream 1: standard output, 2: standard error. Copied. */
  void (*output_write)(apiary_output* out, int32_t stream, apiary_str text);

  /* ===== 1.3: authentication ===== */

  /* Adds a policy for every path under prefix (relative to the mount; "/" for all), checked
   * before routing, so unknown paths under it are gated too. register_routes only. */
  void (*router_add_prefix_policy)(apiary_router* router, apiary_str prefix,
                                   const apiary_policy* policy);
  /* The authenticated principal; empty when anonymous. During a handler call. */
  apiary_str (*request_principal)(const apiary_request* req);
  size_t (*request_scope_count)(const apiary_request* req);
  apiary_str (*request_scope_at)(const apiary_request* req, size_t index);
  /* During format_error: a stable code for the host-made error ("auth.missing",
   * "auth.invalid", "auth.scope", "auth.unavailable", "auth.throttled", "route.not_found",
   * "route.method", "request.too_large", "request.headers_too_large", "request.malformed",
   * "request.timeout", "handler.failed"); empty otherwise. */
  apiary_str (*request_error_code)(const apiary_request* req);

  /* Result setters for authenticate (copied). */
  void (*auth_set_principal)(apiary_auth_result* result, apiary_str principal);
  void (*auth_add_scope)(apiary_auth_result* result, apiary_str scope);
  /* The WWW-Authenticate value for a 401 (e.g. Basic realm="x"). */
  void (*auth_set_challenge)(apiary_auth_result* result, apiary_str challenge);

  /* Credential store (host storage, shared database). Secrets are shown once: the host writes a
   * generated secret into secret_out (NUL-terminated; 128 bytes suffice) and never logs it.
   * issue, rotate, revoke and list return APIARY_DB_* codes (NOT_FOUND for an unknown id). */
  int32_t (*cred_issue)(apiary_plugin_ctx* ctx, const apiary_credential_spec* spec,
                        char* secret_out, size_t secret_capacity, int64_t* id_out,
                        apiary_error* err);
  /* Checks secret (and subject, when not empty) in realm in constant time per candidate; on
   * OK sets principal (the subject, or "token:<id>") and scopes on result. Returns
   * APIARY_AUTH_OK, APIARY_AUTH_INVALID or APIARY_AUTH_ERROR. An unknown subject costs the
   * same as a wrong password. */
  int32_t (*cred_verify)(apiary_plugin_ctx* ctx, apiary_str realm, apiary_str subject,
                         apiary_str secret, apiary_auth_result* result, apiary_error* err);
  /* Replaces the secret of credential id (TOKEN: generated into secret_out; PASSWORD: the
   * given password). The old secret fails at once. */
  int32_t (*cred_rotate)(apiary_plugin_ctx* ctx, apiary_str realm, int64_t id,
                         apiary_str password, char* secret_out, size_t secret_capacity,
                         apiary_error* err);
  int32_t (*cred_revoke)(apiary_plugin_ctx* ctx, apiary_str realm, int64_t id, apiary_error* err);
  /* Calls visitor for every credential of realm (all realms when realm is empty). */
  int32_t (*cred_list)(apiary_plugin_ctx* ctx, apiary_str realm, apiary_credential_visitor visitor,
                       void* user, apiary_error* err);

  /* ===== 1.4: metrics ===== */

  /* Registers a counter exported on /metrics as `name` with the label plugin="<instance>"
   * (name: [a-zA-Z_:][a-zA-Z0-9_:]*, ending in "_total"). Registering the same name again
   * (e.g. after a reload) returns the same counter. Returns an id > 0, or 0 for a bad name. */
  uint64_t (*metric_counter)(apiary_plugin_ctx* ctx, apiary_str name, apiary_str help);
  /* Adds delta (>= 0) to a counter. Any thread, lock-free. */
  void (*metric_counter_add)(apiary_plugin_ctx* ctx, uint64_t id, double delta);

  /* ===== 1.5: WebSocket routes ===== */

  /* 1 when req is a valid WebSocket upgrade (GET, Upgrade: websocket, Connection: Upgrade,
   * Sec-WebSocket-Version: 13, a key) on a route with websocket handlers. During a handler. */
  int32_t (*request_is_websocket)(const apiary_request* req);
  /* Accepts the upgrade with conn_user as the connection's state. Returns 0 (nothing accepted,
   * on_close will not be called) when req is no upgrade or the host's connection limit is
   * reached (answer 503 then). During a handler. */
  int32_t (*ws_accept)(const apiary_request* req, apiary_response* resp, void* conn_user);
  /* Sends one message (APIARY_WS_TEXT: UTF-8, or APIARY_WS_BINARY) on a connection of this
   * instance. Any thread, also from the connection's callbacks; sends to one connection are
   * serialized. Blocks while the client's socket buffer is full, at most the send timeout
   * (then the connection is closed). Returns 1 when written, 0 when the connection is closed,
   * closing or unknown. */
  int32_t (*ws_send)(apiary_plugin_ctx* ctx, uint64_t conn, int32_t type, const void* data,
                     size_t size);
  /* Starts the closing handshake with code (1000-4999) and reason (<= 123 bytes). No message is
   * delivered after it; on_close follows (with this code) once the client answered or after a
   * short grace time. Any thread. Returns 0 when the connection is unknown or already closing. */
  int32_t (*ws_close)(apiary_plugin_ctx* ctx, uint64_t conn, int32_t code, apiary_str reason);
} apiary_host_api;

/* What the host passes to the entry function. Lives for the whole process. */
typedef struct apiary_host_info {
  uint32_t struct_size;
  uint32_t magic;
  uint16_t abi_major;
  uint16_t abi_minor;
  apiary_str host_version;
  const apiary_host_api* api;
} apiary_host_info;

/*
 * The plugin's descriptor, returned by the entry function; must stay valid for the process
 * lifetime (a static const object). NULL callbacks are allowed where noted.
 */
typedef struct apiary_plugin_descriptor {
  uint32_t struct_size;
  uint32_t magic;
  uint16_t abi_major;
  uint16_t abi_minor;
  uint32_t kind; /* APIARY_KIND_* flags */
  const char* name;    /* NUL-terminated, static: "hello" */
  const char* version; /* NUL-terminated, static: "1.0.0" */

  /* Checks a config section (JSON text) without side effects. Reports every error through
   * err. Returns APIARY_OK or APIARY_FAILED. Main thread. */
  int32_t (*validate_config)(apiary_str config_json, apiary_error* err);
  /* Creates an instance from a config that validate_config accepted. Returns NULL on failure
   * (with err set). ctx lives until destroy returns. Main thread. */
  void* (*create)(apiary_plugin_ctx* ctx, apiary_str config_json, apiary_error* err);
  /* Registers the instance's routes. Main thread. */
  int32_t (*register_routes)(void* instance, apiary_router* router, apiary_error* err);
  /* Starts background work. Main thread. Failure refuses the plugin. */
  int32_t (*start)(void* instance, apiary_error* err);
  /* Stops background work; after it returns no handler of this instance is running. */
  void (*stop)(void* instance);
  void (*destroy)(void* instance);
  /* Renders a host-made error (404, 405, 413, 500, ...) in the plugin's own envelope into resp
   * (status already set by the host; the formatter may change headers and body). May be NULL:
   * then the host writes {"error": message}. Any thread. */
  int32_t (*format_error)(void* instance, int32_t status, apiary_str message,
                          const apiary_request* req, apiary_response* resp);

  /* ===== 1.2 ===== */

  /* Operator command line: `apiary [--config F] <instance> <args...>` runs it on a created
   * (not started, no routes) instance, on the main thread, with args after the instance name.
   * Writes through output_write; returns the process exit code (0 success, 1 failure, 2 usage).
   * May be NULL (the plugin has no commands). */
  int32_t (*run_command)(void* instance, const apiary_str* args, size_t arg_count,
                         apiary_output* out);

  /* ===== 1.3 ===== */

  /* APIARY_KIND_AUTHENTICATOR: decides who sent req. Returns an APIARY_AUTH_* outcome; on OK
   * sets the principal (and scopes) on result, on INVALID may set a challenge. Called
   * concurrently from worker threads, before any handler. */
  int32_t (*authenticate)(void* instance, const apiary_request* req, apiary_auth_result* result);
} apiary_plugin_descriptor;

/* Minimum descriptor sizes per minor version (the accept rule). */
/* Minimum sizes, each frozen at the last field of its minor, so the values never change as the
 * structs grow. The descriptor has not grown since 1.0. */
#define APIARY_DESCRIPTOR_MIN_SIZE_1_0 \
  (offsetof(apiary_plugin_descriptor, format_error) + sizeof(void*))
#define APIARY_DESCRIPTOR_MIN_SIZE_1_1 APIARY_DESCRIPTOR_MIN_SIZE_1_0
#define APIARY_DESCRIPTOR_MIN_SIZE_1_2 \
  (offsetof(apiary_plugin_descriptor, run_command) + sizeof(void*))
#define APIARY_DESCRIPTOR_MIN_SIZE_1_3 \
  (offsetof(apiary_plugin_descriptor, authenticate) + sizeof(void*))
/* A 1.1 plugin may call the 1.1 host functions only if the table is at least this large. */
#define APIARY_HOST_API_MIN_SIZE_1_1 \
  (offsetof(apiary_host_api, http_response_free) + sizeof(void*))
/* 1.5: the host reads apiary_route_def.websocket only from definitions this large, and a
 * plugin may call the WebSocket functions only if the table is at least this large. */
#define APIARY_ROUTE_DEF_MIN_SIZE_1_5 \
  (offsetof(apiary_route_def, websocket) + sizeof(void*))
#define APIARY_HOST_API_MIN_SIZE_1_5 (offsetof(apiary_host_api, ws_close) + sizeof(void*))
#define APIARY_WEBSOCKET_HANDLERS_MIN_SIZE_1_5 \
  (offsetof(apiary_websocket_handlers, accepts_binary) + sizeof(int32_t))

/* The entry function type. host stays valid for the process lifetime. */
typedef const apiary_plugin_descriptor* (*apiary_plugin_entry_fn)(const apiary_host_info* host);

#ifdef __cplusplus
}
#endif

#endif /* APIARY_ABI_H */
