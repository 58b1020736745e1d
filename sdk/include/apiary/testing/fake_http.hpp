// Scripted outbound HTTP for plugin unit tests: no sockets, no network. FakeHost routes every
// http_send of the plugin here (FakeHost::http()).
//
//   host.http().respond("GET", "https://api.example/v1/users/1", 200, R"({"id":1})",
//                       {{"Content-Type", "application/json"}});
//   host.http().respondPrefix("POST", "https://discord.example/api/webhooks/", 204, "");
//   host.http().fail("GET", "https://api.example/v1/slow", APIARY_HTTP_TIMEOUT);
//   ... call the plugin's route ...
//   auto sent = host.http().requests();            // what the plugin sent, in order
//   EXPECT_EQ(sent[0].header("Authorization"), "Bearer secret");
//
// Matching: same method (exact) and the exact URL; otherwise the longest matching prefix from
// respondPrefix/failPrefix. Scripting the same method and URL again replaces the earlier answer.
// An unscripted request fails with APIARY_HTTP_REFUSED. Requests are checked like the daemon
// checks them (method, http/https URL, header names and values, no Content-Length or
// Transfer-Encoding from the plugin), so a request the daemon would refuse fails here too with
// APIARY_HTTP_INVALID and is not recorded; max_response_bytes gives APIARY_HTTP_TOO_LARGE.
// Thread-safe: handlers may call it concurrently.
#pragma once

#include <apiary/abi.h>
#include <apiary/host_api.hpp>
#include <apiary/http_client.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace apiary::testing {

// One request as the plugin sent it. Timeouts and the size limit are the plugin's values
// (<= 0: it left them to the host's defaults).
struct OutboundRecord {
  std::string method, url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int64_t connectTimeoutMs = 0, totalTimeoutMs = 0, maxResponseBytes = 0;

  // The first header with that name, case-insensitive.
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [key, value] : headers)
      if (apiary::detail::headerNameEquals(key, name)) return value;
    return std::nullopt;
  }
};

class FakeHttp {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;
  // The daemon's default response limit (OutboundSettings::maxResponseBytes).
  static constexpr int64_t kDefaultMaxResponseBytes = 8 * 1024 * 1024;

  void respond(std::string method, std::string url, int status, std::string body,
               Headers headers = {}) {
    script({std::move(method), std::move(url), false, APIARY_HTTP_OK, status, std::move(headers),
            std::move(body)});
  }
  void respondPrefix(std::string method, std::string urlPrefix, int status, std::string body,
                     Headers headers = {}) {
    script({std::move(method), std::move(urlPrefix), true, APIARY_HTTP_OK, status,
            std::move(headers), std::move(body)});
  }
  // errorKind: an APIARY_HTTP_* failure (TIMEOUT, REFUSED, TLS, NETWORK, ...).
  void fail(std::string method, std::string url, int32_t errorKind) {
    script({std::move(method), std::move(url), false, errorKind, 0, {}, {}});
  }
  void failPrefix(std::string method, std::string urlPrefix, int32_t errorKind) {
    script({std::move(method), std::move(urlPrefix), true, errorKind, 0, {}, {}});
  }

  // Every request that passed the checks, in the order received.
  std::vector<OutboundRecord> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  // Called by the fake host's http_send. Returns an APIARY_HTTP_* kind; on APIARY_HTTP_OK fills
  // status, headers and body, otherwise why.
  int32_t handle(const apiary_http_request& in, int& status, Headers& headers, std::string& body,
                 std::string& why) {
    status = 0;
    headers.clear();
    body.clear();
    why.clear();
    if (in.struct_size < sizeof(apiary_http_request)) {
      why = "request struct too small for this ABI";
      return APIARY_HTTP_INVALID;
    }
    OutboundRecord record;
    record.method = std::string(toView(in.method));
    record.url = std::string(toView(in.url));
    for (size_t i = 0; i < in.header_count; ++i)
      record.headers.emplace_back(toView(in.headers[i].name), toView(in.headers[i].value));
    record.body = std::string(toView(in.body));
    record.connectTimeoutMs = in.connect_timeout_ms;
    record.totalTimeoutMs = in.total_timeout_ms;
    record.maxResponseBytes = in.max_response_bytes;
    if (!valid(record, why)) return APIARY_HTTP_INVALID;

    std::lock_guard lock(mutex_);
    requests_.push_back(record);
    const Script* answer = find(record.method, record.url);
    if (answer == nullptr) {
      why = "no fake response scripted for " + record.method + " " + record.url;
      return APIARY_HTTP_REFUSED;
    }
    if (answer->error != APIARY_HTTP_OK) {
      why = std::string(httpErrorName(answer->error)) + " (scripted for " + record.method + " " +
            record.url + ")";
      return answer->error;
    }
    const int64_t limit =
        record.maxResponseBytes > 0 ? record.maxResponseBytes : kDefaultMaxResponseBytes;
    if (static_cast<int64_t>(answer->body.size()) > limit) {
      why = "the response exceeds " + std::to_string(limit) + " bytes";
      return APIARY_HTTP_TOO_LARGE;
    }
    status = answer->status;
    headers = answer->headers;
    body = answer->body;
    return APIARY_HTTP_OK;
  }

 private:
  struct Script {
    std::string method, url;
    bool prefix;
    int32_t error;
    int status;
    Headers headers;
    std::string body;
  };

  void script(Script s) {
    std::lock_guard lock(mutex_);
    for (Script& existing : scripts_) {
      if (existing.method == s.method && existing.url == s.url && existing.prefix == s.prefix) {
        existing = std::move(s);
        return;
      }
    }
    scripts_.push_back(std::move(s));
  }

  const Script* find(const std::string& method, const std::string& url) const {
    const Script* best = nullptr;
    for (const Script& s : scripts_) {
      if (s.method != method) continue;
      if (!s.prefix && s.url == url) return &s;
      if (s.prefix && url.compare(0, s.url.size(), s.url) == 0 &&
          (best == nullptr || s.url.size() > best->url.size()))
        best = &s;
    }
    return best;
  }

  // The same rules as the daemon's OutboundHttpClient, without parsing the URL in full.
  static bool valid(const OutboundRecord& r, std::string& why) {
    bool knownMethod = false;
    for (std::string_view m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
      knownMethod = knownMethod || r.method == m;
    if (!knownMethod) {
      why = "unsupported method (use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS)";
      return false;
    }
    for (unsigned char c : r.url) {
      if (c <= 0x20 || c >= 0x7F) {
        why = "the URL contains a space, a control or a non-ASCII character (percent-encode it)";
        return false;
      }
    }
    const size_t schemeEnd = r.url.find("://");
    std::string scheme = r.url.substr(0, schemeEnd == std::string::npos ? 0 : schemeEnd);
    for (char& c : scheme)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (scheme != "http" && scheme != "https") {
      why = schemeEnd == std::string::npos
                ? "the URL must be absolute (http:// or https://)"
                : "unsupported URL scheme '" + scheme + "' (only http and https)";
      return false;
    }
    const size_t hostStart = schemeEnd + 3;
    const size_t hostEnd = r.url.find_first_of("/?#", hostStart);
    const std::string authority = r.url.substr(hostStart, hostEnd - hostStart);
    if (authority.empty() || authority.front() == ':') {
      why = "the URL has no host";
      return false;
    }
    if (authority.find('@') != std::string::npos) {
      why = "credentials in the URL are not supported (send an Authorization header)";
      return false;
    }
    for (size_t i = 0; i < r.headers.size(); ++i) {
      const auto& [name, value] = r.headers[i];
      const bool nameOk =
          !name.empty() && name.find_first_not_of(
                               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               "0123456789!#$%&'*+-.^_`|~") == std::string::npos;
      if (!nameOk) {
        why = "header #" + std::to_string(i + 1) + " has an invalid name";
        return false;
      }
      if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
        why = "the value of header " + name + " contains CR, LF or NUL";
        return false;
      }
      if (apiary::detail::headerNameEquals(name, "Content-Length") ||
          apiary::detail::headerNameEquals(name, "Transfer-Encoding")) {
        why = "header " + name + " is set by the host from the body";
        return false;
      }
    }
    return true;
  }

  mutable std::mutex mutex_;
  std::vector<Script> scripts_;
  std::vector<OutboundRecord> requests_;
};

}  // namespace apiary::testing
