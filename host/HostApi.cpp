#include "HostApi.h"

#include "ErrorSink.h"
#include "HostRequest.h"
#include "HostResponse.h"
#include "Mount.h"
#include "PluginInstance.h"
#include "Version.h"

#include <Poco/Logger.h>

namespace apiary {
namespace {

std::string_view view(apiary_str s) {
  return s.data == nullptr ? std::string_view{} : std::string_view{s.data, s.size};
}
apiary_str str(const std::string& s) { return apiary_str{s.data(), s.size()}; }

const HostRequest& req(const apiary_request* r) { return *reinterpret_cast<const HostRequest*>(r); }
HostResponse& resp(apiary_response* r) { return *reinterpret_cast<HostResponse*>(r); }
Mount& mount(apiary_router* r) { return *reinterpret_cast<Mount*>(r); }

int32_t found(const std::string* value, apiary_str* out) {
  if (value == nullptr) return 0;
  if (out != nullptr) *out = str(*value);
  return 1;
}

// Header names and values travel into HTTP as given: refuse CR/LF so a plugin cannot split a
// response by echoing user input.
bool safeHeaderText(std::string_view s) { return s.find_first_of("\r\n") == std::string_view::npos; }

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
  if (def == nullptr || def->struct_size < sizeof(apiary_route_def)) {
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

apiary_str requestMethod(const apiary_request* r) { return str(req(r).method); }
apiary_str requestPath(const apiary_request* r) { return str(req(r).path); }
apiary_str requestQueryString(const apiary_request* r) { return str(req(r).queryString); }
int32_t requestParam(const apiary_request* r, apiary_str name, apiary_str* out) {
  return found(req(r).param(view(name)), out);
}
int32_t requestQuery(const apiary_request* r, apiary_str name, apiary_str* out) {
  return found(req(r).query(view(name)), out);
}
int32_t requestHeader(const apiary_request* r, apiary_str name, apiary_str* out) {
  return found(req(r).header(view(name)), out);
}
size_t requestHeaderCount(const apiary_request* r) { return req(r).headers.size(); }
int32_t requestHeaderAt(const apiary_request* r, size_t index, apiary_str* name,
                        apiary_str* value) {
  const auto& headers = req(r).headers;
  if (index >= headers.size()) return 0;
  if (name != nullptr) *name = str(headers[index].first);
  if (value != nullptr) *value = str(headers[index].second);
  return 1;
}
apiary_str requestBody(const apiary_request* r) { return str(req(r).body); }
apiary_str requestRemoteAddress(const apiary_request* r) { return str(req(r).remoteAddress); }
apiary_str requestId(const apiary_request* r) { return str(req(r).requestId); }

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
};

const apiary_host_info kInfo = {
    sizeof(apiary_host_info), APIARY_ABI_MAGIC, APIARY_ABI_MAJOR, APIARY_ABI_MINOR,
    apiary_str{kApiaryVersion, sizeof(kApiaryVersion) - 1}, &kTable,
};

}  // namespace

const apiary_host_api* HostApi::table() { return &kTable; }
const apiary_host_info* HostApi::info() { return &kInfo; }

}  // namespace apiary
