#include "HostApi.h"

#include "AccessPolicy.h"
#include "AuthResultData.h"
#include "CredentialStore.h"
#include "ErrorSink.h"
#include "HostRequest.h"
#include "HostResponse.h"
#include "Mount.h"
#include "OutboundHttpClient.h"
#include "PluginInstance.h"
#include "PluginMetrics.h"
#include "SqlResult.h"
#include "SqlTransaction.h"
#include "StorageError.h"
#include "TimerService.h"
#include "Version.h"
#include "WebSocketHub.h"

#include <Poco/Logger.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstring>

namespace apiary {
namespace {

std::string_view view(apiary_str s) {
  return s.data == nullptr ? std::string_view{} : std::string_view{s.data, s.size};
}
apiary_str str(const std::string& s) {
  return apiary_str{s.data(), s.size()};
}

const HostRequest& req(const apiary_request* r) {
  return *reinterpret_cast<const HostRequest*>(r);
}
HostResponse& resp(apiary_response* r) {
  return *reinterpret_cast<HostResponse*>(r);
}
Mount& mount(apiary_router* r) {
  return *reinterpret_cast<Mount*>(r);
}

int32_t found(const std::string* value, apiary_str* out) {
  if (value == nullptr) return 0;
  if (out != nullptr) *out = str(*value);
  return 1;
}

// Header names and values travel into HTTP as given: refuse CR/LF so a plugin cannot split a
// response by echoing user input.
bool safeHeaderText(std::string_view s) {
  return s.find_first_of("\r\n") == std::string_view::npos;
}

void log(const apiary_plugin_ctx* ctx, int32_t level, apiary_str msg) {
  const std::string name = ctx == nullptr
                               ? std::string("plugin")
                               : "plugin." + reinterpret_cast<const PluginInstance*>(ctx)->name();
  Poco::Logger& logger = Poco::Logger::get(name);
  const std::string text(view(msg));
  switch (level) {
    case APIARY_LOG_TRACE: logger.trace(text); break;
    case APIARY_LOG_DEBUG: logger.debug(text); break;
    case APIARY_LOG_INFO: logger.information(text); break;
    case APIARY_LOG_WARNING: logger.warning(text); break;
    default: logger.error(text); break;
  }
}

apiary_str ctxInstanceName(const apiary_plugin_ctx* ctx) {
  return str(reinterpret_cast<const PluginInstance*>(ctx)->name());
}

void errorSet(apiary_error* err, apiary_str path, apiary_str message) {
  reinterpret_cast<ErrorSink*>(err)->add(std::string(view(path)), std::string(view(message)));
}

int32_t routerAdd(apiary_router* router, const apiary_route_def* def) {
  // The 1.0 definition ends before policy; newer fields are read only when present.
  if (def == nullptr || def->struct_size < offsetof(apiary_route_def, policy)) {
    mount(router).addRejection("route definition too small for this ABI");
    return 0;
  }
  std::string error;
  if (!mount(router).addRoute(*def, &error)) {
    mount(router).addRejection(error);
    return 0;
  }
  return 1;
}

void routerSetOptions(apiary_router* router, const apiary_router_options* options) {
  if (options != nullptr && options->struct_size >= sizeof(apiary_router_options))
    mount(router).setFlags(options->flags);
}

void routerSetCors(apiary_router* router, const apiary_cors_policy* p) {
  if (p == nullptr || p->struct_size < sizeof(apiary_cors_policy)) return;
  CorsSettings cors{std::string(view(p->allow_origin)), std::string(view(p->allow_methods)),
                    std::string(view(p->allow_headers)), p->preflight_status, p->max_age_seconds};
  if (cors.preflightStatus < 200 || cors.preflightStatus > 299) cors.preflightStatus = 204;
  mount(router).setCors(std::move(cors));
}

void routerAddDefaultHeader(apiary_router* router, apiary_str name, apiary_str value) {
  if (!safeHeaderText(view(name)) || !safeHeaderText(view(value)) || name.size == 0) {
    mount(router).addRejection("invalid default header");
    return;
  }
  mount(router).addDefaultHeader(std::string(view(name)), std::string(view(value)));
}

apiary_str requestMethod(const apiary_request* r) {
  return str(req(r).method);
}
apiary_str requestPath(const apiary_request* r) {
  return str(req(r).path);
}
apiary_str requestQueryString(const apiary_request* r) {
  return str(req(r).queryString);
}
int32_t requestParam(const apiary_request* r, apiary_str name, apiary_str* out) {
  return found(req(r).param(view(name)), out);
}
int32_t requestQuery(const apiary_request* r, apiary_str name, apiary_str* out) {
  return found(req(r).query(view(name)), out);
}
int32_t requestHeader(const apiary_request* r, apiary_str name, apiary_str* out) {
  return found(req(r).header(view(name)), out);
}
size_t requestHeaderCount(const apiary_request* r) {
  return req(r).headers.size();
}
int32_t requestHeaderAt(const apiary_request* r, size_t index, apiary_str* name,
                        apiary_str* value) {
  const auto& headers = req(r).headers;
  if (index >= headers.size()) return 0;
  if (name != nullptr) *name = str(headers[index].first);
  if (value != nullptr) *value = str(headers[index].second);
  return 1;
}
apiary_str requestBody(const apiary_request* r) {
  return str(req(r).body);
}
apiary_str requestRemoteAddress(const apiary_request* r) {
  return str(req(r).remoteAddress);
}
apiary_str requestId(const apiary_request* r) {
  return str(req(r).requestId);
}

void responseSetStatus(apiary_response* r, int32_t status) {
  resp(r).status = (status >= 100 && status <= 599) ? status : 500;
}
void responseSetHeader(apiary_response* r, apiary_str name, apiary_str value) {
  if (name.size > 0 && safeHeaderText(view(name)) && safeHeaderText(view(value)))
    resp(r).setHeader(view(name), view(value));
}
void responseAddHeader(apiary_response* r, apiary_str name, apiary_str value) {
  if (name.size > 0 && safeHeaderText(view(name)) && safeHeaderText(view(value)))
    resp(r).addHeader(view(name), view(value));
}
void responseWrite(apiary_response* r, const void* data, size_t size) {
  if (data != nullptr && size > 0) resp(r).body.append(static_cast<const char*>(data), size);
}

// --- 1.1 -----------------------------------------------------------------------------------

PluginInstance& instance(apiary_plugin_ctx* ctx) {
  return *reinterpret_cast<PluginInstance*>(ctx);
}
ErrorSink* sink(apiary_error* err) {
  return reinterpret_cast<ErrorSink*>(err);
}
void report(apiary_error* err, const std::string& message) {
  if (err != nullptr) sink(err)->add("", message);
}

apiary_error* errorCreate() {
  return reinterpret_cast<apiary_error*>(new ErrorSink);
}
apiary_str errorMessage(const apiary_error* err) {
  return str(const_cast<ErrorSink*>(reinterpret_cast<const ErrorSink*>(err))->message());
}
void errorDestroy(apiary_error* err) {
  delete sink(err);
}

// Runs a storage operation, turning every failure into its APIARY_DB_* kind plus a message.
template <class Fn>
int32_t storageCall(apiary_error* err, Fn&& fn) {
  try {
    fn();
    return APIARY_DB_OK;
  } catch (const StorageError& e) {
    report(err, e.what());
    return e.kind();
  } catch (const std::exception& e) {
    report(err, e.what());
    return APIARY_DB_OTHER;
  }
}

int32_t dbMigrate(apiary_plugin_ctx* ctx, apiary_str schema, const apiary_migration* steps,
                  size_t count, apiary_error* err) {
  return storageCall(err, [&] {
    std::vector<SqlDatabase::MigrationStep> list;
    int64_t previous = 0;
    for (size_t i = 0; i < count; ++i) {
      const apiary_migration& m = steps[i];
      if (m.struct_size < sizeof(apiary_migration) || m.version <= previous)
        throw StorageError(APIARY_DB_OTHER,
                           "migration versions must be positive and strictly increasing");
      previous = m.version;
      SqlDatabase::MigrationStep step{m.version, std::string(view(m.description)), {}};
      for (size_t j = 0; j < m.statement_count; ++j)
        step.statements.emplace_back(view(m.statements[j]));
      list.push_back(std::move(step));
    }
    const std::string name(view(schema));
    if (name.empty()) throw StorageError(APIARY_DB_OTHER, "migration schema name is empty");
    const int applied = instance(ctx).database().migrate(name, list);
    if (applied > 0)
      Poco::Logger::get("plugin." + instance(ctx).name())
          .information("applied " + std::to_string(applied) + " migration(s) to schema " + name);
  });
}

int32_t dbExecute(apiary_plugin_ctx* ctx, apiary_db_txn* txn, apiary_str sql,
                  const apiary_value* params, size_t count, apiary_db_result** result,
                  apiary_error* err) {
  if (result != nullptr) *result = nullptr;
  return storageCall(err, [&] {
    std::vector<SqlParam> bound;
    bound.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      const apiary_value& v = params[i];
      if (v.type < APIARY_VALUE_NULL || v.type > APIARY_VALUE_BLOB)
        throw StorageError(APIARY_DB_OTHER,
                           "parameter " + std::to_string(i + 1) + " has an unknown type");
      bound.push_back(SqlParam{v.type, v.int64, v.real, std::string(view(v.bytes))});
    }
    const std::string text(view(sql));
    SqlResult rows;
    if (txn != nullptr) {
      auto& t = *reinterpret_cast<SqlTransaction*>(txn);
      rows = t.database().execute(&t.lease(), text, bound);
    } else {
      rows = instance(ctx).database().execute(nullptr, text, bound);
    }
    if (result != nullptr)
      *result = reinterpret_cast<apiary_db_result*>(new SqlResult(std::move(rows)));
  });
}

const SqlResult& rows(const apiary_db_result* r) {
  return *reinterpret_cast<const SqlResult*>(r);
}
size_t dbResultRowCount(const apiary_db_result* r) {
  return rows(r).rows.size();
}
size_t dbResultColumnCount(const apiary_db_result* r) {
  return rows(r).columns.size();
}
apiary_str dbResultColumnName(const apiary_db_result* r, size_t column) {
  return column < rows(r).columns.size() ? str(rows(r).columns[column]) : apiary_str{nullptr, 0};
}
int32_t dbResultValue(const apiary_db_result* r, size_t row, size_t column, apiary_value* out) {
  const SqlResult& res = rows(r);
  if (row >= res.rows.size() || column >= res.columns.size() || out == nullptr) return 0;
  const SqlCell& cell = res.rows[row][column];
  *out = apiary_value{cell.type, cell.int64, cell.real, str(cell.bytes)};
  return 1;
}
int64_t dbResultAffectedRows(const apiary_db_result* r) {
  return rows(r).affectedRows;
}
void dbResultFree(apiary_db_result* r) {
  delete reinterpret_cast<SqlResult*>(r);
}

int32_t dbBegin(apiary_plugin_ctx* ctx, apiary_db_txn** txn, apiary_error* err) {
  *txn = nullptr;
  return storageCall(err, [&] {
    SqlDatabase& db = instance(ctx).database();
    auto t = std::make_unique<SqlTransaction>(db, db.lease());
    db.begin(t->lease());
    *txn = reinterpret_cast<apiary_db_txn*>(t.release());
  });
}

int32_t dbCommit(apiary_db_txn* txn, apiary_error* err) {
  std::unique_ptr<SqlTransaction> t(reinterpret_cast<SqlTransaction*>(txn));
  return storageCall(err, [&] { t->database().commit(t->lease()); });
}

void dbRollback(apiary_db_txn* txn) {
  std::unique_ptr<SqlTransaction> t(reinterpret_cast<SqlTransaction*>(txn));
  t->database().rollback(t->lease());
}

int64_t clockWallMs(const apiary_plugin_ctx*) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
int64_t clockMonotonicMs(const apiary_plugin_ctx*) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

uint64_t timerEvery(apiary_plugin_ctx* ctx, int64_t intervalMs, apiary_timer_fn fn, void* user) {
  TimerService* timers = instance(ctx).services().timers;
  if (timers == nullptr) return 0;
  return timers->every(&instance(ctx), std::chrono::milliseconds(intervalMs), fn, user);
}
void timerCancel(apiary_plugin_ctx* ctx, uint64_t id) {
  if (TimerService* timers = instance(ctx).services().timers) timers->cancel(id);
}

int32_t httpSend(apiary_plugin_ctx* ctx, const apiary_http_request* in,
                 apiary_http_response** response, apiary_error* err) {
  *response = nullptr;
  const OutboundHttpClient* client = instance(ctx).services().http;
  if (client == nullptr || in == nullptr || in->struct_size < sizeof(apiary_http_request)) {
    report(err, "outbound HTTP is not available");
    return APIARY_HTTP_INVALID;
  }
  OutboundRequest request;
  request.method = std::string(view(in->method));
  request.url = std::string(view(in->url));
  for (size_t i = 0; i < in->header_count; ++i)
    request.headers.emplace_back(view(in->headers[i].name), view(in->headers[i].value));
  request.body = std::string(view(in->body));
  request.connectTimeoutMs = in->connect_timeout_ms;
  request.totalTimeoutMs = in->total_timeout_ms;
  request.maxResponseBytes = in->max_response_bytes;
  auto out = std::make_unique<OutboundResponse>();
  std::string why;
  const int32_t rc = client->send(request, *out, why);
  if (rc != APIARY_HTTP_OK) {
    report(err, why);
    return rc;
  }
  *response = reinterpret_cast<apiary_http_response*>(out.release());
  return APIARY_HTTP_OK;
}

const OutboundResponse& http(const apiary_http_response* r) {
  return *reinterpret_cast<const OutboundResponse*>(r);
}
int32_t httpResponseStatus(const apiary_http_response* r) {
  return http(r).status;
}
size_t httpResponseHeaderCount(const apiary_http_response* r) {
  return http(r).headers.size();
}
int32_t httpResponseHeaderAt(const apiary_http_response* r, size_t index, apiary_str* name,
                             apiary_str* value) {
  if (index >= http(r).headers.size()) return 0;
  if (name != nullptr) *name = str(http(r).headers[index].first);
  if (value != nullptr) *value = str(http(r).headers[index].second);
  return 1;
}
apiary_str httpResponseBody(const apiary_http_response* r) {
  return str(http(r).body);
}
void httpResponseFree(apiary_http_response* r) {
  delete reinterpret_cast<OutboundResponse*>(r);
}

// --- 1.2 -----------------------------------------------------------------------------------

// Commands write to the terminal; the handle only marks that a command is running.
struct CommandOutputTag {};
CommandOutputTag commandOutputTag;

void outputWrite(apiary_output*, int32_t stream, apiary_str text) {
  std::FILE* to = stream == 2 ? stderr : stdout;
  std::fwrite(text.data, 1, text.size, to);
  std::fflush(to);
}

// --- 1.3 -----------------------------------------------------------------------------------

void routerAddPrefixPolicy(apiary_router* router, apiary_str prefix, const apiary_policy* policy) {
  if (policy == nullptr || policy->struct_size < sizeof(apiary_policy)) {
    mount(router).addRejection("prefix policy struct too small");
    return;
  }
  std::string p(view(prefix));
  if (p.empty() || p.front() != '/') {
    mount(router).addRejection("prefix policy '" + p + "' must start with '/'");
    return;
  }
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  mount(router).addPrefixPolicy(PrefixPolicy{p, accessPolicyFromAbi(*policy)});
}

apiary_str requestPrincipal(const apiary_request* r) {
  return str(req(r).principal);
}
size_t requestScopeCount(const apiary_request* r) {
  return req(r).scopes.size();
}
apiary_str requestScopeAt(const apiary_request* r, size_t i) {
  return i < req(r).scopes.size() ? str(req(r).scopes[i]) : apiary_str{nullptr, 0};
}
apiary_str requestErrorCode(const apiary_request* r) {
  return str(req(r).errorCode);
}

AuthResultData& authResult(apiary_auth_result* r) {
  return *reinterpret_cast<AuthResultData*>(r);
}
void authSetPrincipal(apiary_auth_result* r, apiary_str principal) {
  authResult(r).principal = std::string(view(principal));
}
void authAddScope(apiary_auth_result* r, apiary_str scope) {
  if (scope.size > 0) authResult(r).scopes.emplace_back(view(scope));
}
void authSetChallenge(apiary_auth_result* r, apiary_str challenge) {
  if (safeHeaderText(view(challenge))) authResult(r).challenge = std::string(view(challenge));
}

CredentialStore& credentialsOf(apiary_plugin_ctx* ctx) {
  CredentialStore* store = instance(ctx).services().credentials;
  if (store == nullptr)
    throw StorageError(APIARY_DB_UNAVAILABLE, "the credential store is not available");
  return *store;
}

// Copies a generated secret out; the plugin's buffer must hold it and the NUL.
void copySecret(const std::string& secret, char* out, size_t capacity) {
  if (secret.empty()) {
    if (out != nullptr && capacity > 0) out[0] = '\0';
    return;
  }
  if (out == nullptr || capacity <= secret.size())
    throw StorageError(APIARY_DB_OTHER, "secret buffer too small");
  std::memcpy(out, secret.data(), secret.size());
  out[secret.size()] = '\0';
}

int32_t credIssue(apiary_plugin_ctx* ctx, const apiary_credential_spec* spec, char* secretOut,
                  size_t capacity, int64_t* idOut, apiary_error* err) {
  return storageCall(err, [&] {
    if (spec == nullptr || spec->struct_size < sizeof(apiary_credential_spec))
      throw StorageError(APIARY_DB_OTHER, "credential spec struct too small");
    std::vector<std::string> scopes;
    for (size_t i = 0; i < spec->scope_count; ++i) scopes.emplace_back(view(spec->scopes[i]));
    const auto issued = credentialsOf(ctx).issue(
        std::string(view(spec->realm)), std::string(view(spec->subject)), spec->kind, scopes,
        std::string(view(spec->note)), std::string(view(spec->password)));
    copySecret(issued.secret, secretOut, capacity);
    if (idOut != nullptr) *idOut = issued.id;
  });
}

int32_t credVerify(apiary_plugin_ctx* ctx, apiary_str realm, apiary_str subject, apiary_str secret,
                   apiary_auth_result* result, apiary_error* err) {
  try {
    CredentialStore::Verified who;
    if (!credentialsOf(ctx).verify(std::string(view(realm)), std::string(view(subject)),
                                   std::string(view(secret)), who))
      return APIARY_AUTH_INVALID;
    if (result != nullptr) {
      authResult(result).principal = who.principal;
      authResult(result).scopes = who.scopes;
    }
    return APIARY_AUTH_OK;
  } catch (const std::exception& e) {
    report(err, e.what());
    return APIARY_AUTH_ERROR;
  }
}

int32_t credRotate(apiary_plugin_ctx* ctx, apiary_str realm, int64_t id, apiary_str password,
                   char* secretOut, size_t capacity, apiary_error* err) {
  return storageCall(err, [&] {
    const std::string secret =
        credentialsOf(ctx).rotate(std::string(view(realm)), id, std::string(view(password)));
    copySecret(secret, secretOut, capacity);
  });
}

int32_t credRevoke(apiary_plugin_ctx* ctx, apiary_str realm, int64_t id, apiary_error* err) {
  return storageCall(err, [&] { credentialsOf(ctx).revoke(std::string(view(realm)), id); });
}

int32_t credList(apiary_plugin_ctx* ctx, apiary_str realm, apiary_credential_visitor visitor,
                 void* user, apiary_error* err) {
  return storageCall(err, [&] {
    for (const auto& c : credentialsOf(ctx).list(std::string(view(realm)))) {
      const apiary_credential_info info{sizeof(apiary_credential_info),
                                        c.id,
                                        str(c.realm),
                                        str(c.subject),
                                        c.kind,
                                        str(c.scopes),
                                        str(c.note),
                                        c.createdMs,
                                        c.revokedMs};
      if (visitor != nullptr) visitor(user, &info);
    }
  });
}

// --- 1.4 -----------------------------------------------------------------------------------

uint64_t metricCounter(apiary_plugin_ctx* ctx, apiary_str name, apiary_str help) {
  PluginMetrics* metrics = instance(ctx).services().metrics;
  if (metrics == nullptr) return 0;
  return metrics->registerCounter(instance(ctx).name(), std::string(view(name)),
                                  std::string(view(help)));
}

void metricCounterAdd(apiary_plugin_ctx* ctx, uint64_t id, double delta) {
  if (PluginMetrics* metrics = instance(ctx).services().metrics) metrics->add(id, delta);
}

// --- 1.5: WebSocket routes ---
int32_t requestIsWebSocket(const apiary_request* r) {
  return req(r).webSocketUpgrade ? 1 : 0;
}

int32_t wsAccept(const apiary_request* r, apiary_response* out, void* state) {
  HostResponse& response = resp(out);
  if (!req(r).webSocketUpgrade || response.webSocketAccepted) return 0;
  if (!WebSocketHub::shared().reserve()) return 0;
  response.webSocketAccepted = true;
  response.webSocketState = state;
  return 1;
}

int32_t wsSend(apiary_plugin_ctx* ctx, uint64_t conn, int32_t type, const void* data, size_t size) {
  return WebSocketHub::shared().send(reinterpret_cast<const PluginInstance*>(ctx), conn, type, data,
                                     size);
}

int32_t wsClose(apiary_plugin_ctx* ctx, uint64_t conn, int32_t code, apiary_str reason) {
  return WebSocketHub::shared().close(reinterpret_cast<const PluginInstance*>(ctx), conn, code,
                                      view(reason));
}

const apiary_host_api kTable = {
    sizeof(apiary_host_api),
    &log,
    &ctxInstanceName,
    &errorSet,
    &routerAdd,
    &routerSetOptions,
    &routerSetCors,
    &routerAddDefaultHeader,
    &requestMethod,
    &requestPath,
    &requestQueryString,
    &requestParam,
    &requestQuery,
    &requestHeader,
    &requestHeaderCount,
    &requestHeaderAt,
    &requestBody,
    &requestRemoteAddress,
    &requestId,
    &responseSetStatus,
    &responseSetHeader,
    &responseAddHeader,
    &responseWrite,
    // 1.1
    &errorCreate,
    &errorMessage,
    &errorDestroy,
    &dbMigrate,
    &dbExecute,
    &dbResultRowCount,
    &dbResultColumnCount,
    &dbResultColumnName,
    &dbResultValue,
    &dbResultAffectedRows,
    &dbResultFree,
    &dbBegin,
    &dbCommit,
    &dbRollback,
    &clockWallMs,
    &clockMonotonicMs,
    &timerEvery,
    &timerCancel,
    &httpSend,
    &httpResponseStatus,
    &httpResponseHeaderCount,
    &httpResponseHeaderAt,
    &httpResponseBody,
    &httpResponseFree,
    // 1.2
    &outputWrite,
    // 1.3
    &routerAddPrefixPolicy,
    &requestPrincipal,
    &requestScopeCount,
    &requestScopeAt,
    &requestErrorCode,
    &authSetPrincipal,
    &authAddScope,
    &authSetChallenge,
    &credIssue,
    &credVerify,
    &credRotate,
    &credRevoke,
    &credList,
    // 1.4
    &metricCounter,
    &metricCounterAdd,
    // 1.5
    &requestIsWebSocket,
    &wsAccept,
    &wsSend,
    &wsClose,
};

const apiary_host_info kInfo = {
    sizeof(apiary_host_info),
    APIARY_ABI_MAGIC,
    APIARY_ABI_MAJOR,
    APIARY_ABI_MINOR,
    apiary_str{kApiaryVersion, sizeof(kApiaryVersion) - 1},
    &kTable,
};

}  // namespace

const apiary_host_api* HostApi::table() {
  return &kTable;
}
const apiary_host_info* HostApi::info() {
  return &kInfo;
}
apiary_output* HostApi::commandOutput() {
  return reinterpret_cast<apiary_output*>(&commandOutputTag);
}

}  // namespace apiary
