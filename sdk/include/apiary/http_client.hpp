// Outbound HTTP for plugins: calls to other services (Tebex, Discord, ...) made by the host, which
// enforces a connect timeout, a total deadline, TLS certificate verification and a response size
// limit, and never follows redirects.
//
//   apiary::HttpRequest request;                        // in a handler or a timer job
//   request.method = "POST";
//   request.url = apiBase_ + "/payments";               // base URLs from config, so tests can
//   request.headers = {{"Authorization", "Bearer " + token_},   // point them at a fake
//                      {"Content-Type", "application/json"}};
//   request.body = payload.dump();
//   request.totalTimeout = std::chrono::seconds(10);
//   const apiary::HttpResult result = http().send(request);   // Plugin::http()
//   if (!result.ok()) throw apiary::HttpError(502, "payment provider: " + result.message);
//   if (result.status != 201) ...
//
// send() blocks the calling thread (a handler's worker or the timer thread) until the response
// is complete or the total timeout has passed. HttpClient is cheap to copy and safe to share
// between handlers running concurrently. In unit tests, script the answers with
// FakeHost::http() (apiary/testing/fake_http.hpp).
#pragma once

#include <apiary/abi.h>
#include <apiary/host_api.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace apiary {

namespace detail {
// HTTP header names compare case-insensitively (ASCII only).
inline bool headerNameEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    const char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}
}  // namespace detail

// A fixed text for each APIARY_HTTP_* kind.
inline const char* httpErrorName(int32_t kind) {
  switch (kind) {
    case APIARY_HTTP_OK: return "ok";
    case APIARY_HTTP_TIMEOUT: return "timeout";
    case APIARY_HTTP_REFUSED: return "connection refused";
    case APIARY_HTTP_TLS: return "TLS failure";
    case APIARY_HTTP_TOO_LARGE: return "response too large";
    case APIARY_HTTP_INVALID: return "invalid request";
    case APIARY_HTTP_NETWORK: return "network error";
    default: return "unknown error";
  }
}

struct HttpRequest {
  std::string method = "GET";  // GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS
  std::string url;             // absolute http:// or https:// URL, percent-encoded
  // Sent as given, in order. The host sets Content-Length from the body (do not set it, nor
  // Transfer-Encoding), Host from the URL and User-Agent "apiary/<version>" unless given here.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Zero: the host's defaults (operator config; 5 s, 30 s and 8 MiB unless changed).
  std::chrono::milliseconds connectTimeout{0};
  std::chrono::milliseconds totalTimeout{0};  // the whole exchange, however slow the server
  int64_t maxResponseBytes = 0;
};

struct HttpResult {
  // APIARY_HTTP_OK when a response arrived, whatever its status; otherwise no response exists
  // and message says why in one line (never with header values or bodies).
  int32_t error = APIARY_HTTP_OK;
  std::string message;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in the order received
  std::string body;

  bool ok() const { return error == APIARY_HTTP_OK; }
  bool timedOut() const { return error == APIARY_HTTP_TIMEOUT; }

  // The first header with that name, case-insensitive.
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [key, value] : headers)
      if (detail::headerNameEquals(key, name)) return value;
    return std::nullopt;
  }
};

class HttpClient {
 public:
  // ctx: the plugin instance's context (Plugin::context()); it tags the requests in the host.
  explicit HttpClient(apiary_plugin_ctx* ctx) : ctx_(ctx) {}

  HttpResult send(const HttpRequest& request) const {
    HttpResult result;
    const bool hostHasHttp = detail::hostApi != nullptr &&
                             host().struct_size >= APIARY_HOST_API_MIN_SIZE_1_1 &&
                             host().http_send != nullptr;
    if (!hostHasHttp) {
      result.error = APIARY_HTTP_INVALID;
      result.message = "this host offers no outbound HTTP (it needs plugin ABI 1.1)";
      return result;
    }

    std::vector<apiary_http_header> headers;
    headers.reserve(request.headers.size());
    for (const auto& [name, value] : request.headers)
      headers.push_back({toStr(name), toStr(value)});
    apiary_http_request raw{};
    raw.struct_size = sizeof(apiary_http_request);
    raw.method = toStr(request.method);
    raw.url = toStr(request.url);
    raw.headers = headers.data();
    raw.header_count = headers.size();
    raw.body = toStr(request.body);
    raw.connect_timeout_ms = request.connectTimeout.count();
    raw.total_timeout_ms = request.totalTimeout.count();
    raw.max_response_bytes = request.maxResponseBytes;

    detail::ErrorBuffer reason;  // the host writes the reason into it

    apiary_http_response* response = nullptr;
    result.error = host().http_send(ctx_, &raw, &response, reason.get());
    if (result.error != APIARY_HTTP_OK) {
      if (response != nullptr) host().http_response_free(response);
      result.message = reason.message();
      if (result.message.empty()) result.message = httpErrorName(result.error);
      return result;
    }
    if (response == nullptr) {
      result.error = APIARY_HTTP_NETWORK;
      result.message = "the host returned no response";
      return result;
    }
    // Freed whatever happens while copying.
    const std::unique_ptr<apiary_http_response, void (*)(apiary_http_response*)> owned(
        response, host().http_response_free);
    result.status = host().http_response_status(response);
    const size_t count = host().http_response_header_count(response);
    result.headers.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      apiary_str name{}, value{};
      if (host().http_response_header_at(response, i, &name, &value))
        result.headers.emplace_back(toView(name), toView(value));
    }
    result.body = std::string(toView(host().http_response_body(response)));
    return result;
  }

 private:
  apiary_plugin_ctx* ctx_;
};

}  // namespace apiary
