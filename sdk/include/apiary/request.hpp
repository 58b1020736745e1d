// A read-only view of one incoming request. Valid only during the handler call: copy what you
// keep. Methods are safe to call from any thread (each request is handled by one thread).
#pragma once

#include <apiary/host_api.hpp>

#include <optional>
#include <utility>
#include <vector>

namespace apiary {

class Request {
 public:
  explicit Request(const apiary_request* raw) : raw_(raw) {}

  std::string_view method() const { return toView(host().request_method(raw_)); }
  std::string_view path() const { return toView(host().request_path(raw_)); }
  std::string_view queryString() const { return toView(host().request_query_string(raw_)); }
  std::string_view body() const { return toView(host().request_body(raw_)); }
  std::string_view remoteAddress() const { return toView(host().request_remote_address(raw_)); }
  std::string_view id() const { return toView(host().request_id(raw_)); }

  // Path parameter ({name} in the route pattern), percent-decoded.
  std::optional<std::string_view> param(std::string_view name) const {
    return lookup(host().request_param, name);
  }
  // First query parameter with that name, percent-decoded.
  std::optional<std::string_view> query(std::string_view name) const {
    return lookup(host().request_query, name);
  }
  // First header with that name (case-insensitive).
  std::optional<std::string_view> header(std::string_view name) const {
    return lookup(host().request_header, name);
  }
  std::vector<std::pair<std::string_view, std::string_view>> headers() const {
    std::vector<std::pair<std::string_view, std::string_view>> all;
    const size_t count = host().request_header_count(raw_);
    all.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      apiary_str name{}, value{};
      if (host().request_header_at(raw_, i, &name, &value) != 0)
        all.emplace_back(toView(name), toView(value));
    }
    return all;
  }

  // Who the host authenticated for this route's policy; empty when anonymous (ABI 1.3).
  std::string_view principal() const { return toView(host().request_principal(raw_)); }
  std::vector<std::string_view> scopes() const {
    std::vector<std::string_view> out;
    for (size_t i = 0; i < host().request_scope_count(raw_); ++i)
      out.push_back(toView(host().request_scope_at(raw_, i)));
    return out;
  }
  // True when scope (or "*") was granted.
  bool hasScope(std::string_view scope) const {
    for (auto s : scopes())
      if (s == scope || s == "*") return true;
    return false;
  }
  // In formatError: the host's reason code ("auth.missing", "route.not_found", ...).
  std::string_view errorCode() const { return toView(host().request_error_code(raw_)); }

  const apiary_request* raw() const { return raw_; }

 private:
  using LookupFn = int32_t (*)(const apiary_request*, apiary_str, apiary_str*);
  std::optional<std::string_view> lookup(LookupFn fn, std::string_view name) const {
    apiary_str out{};
    if (fn(raw_, toStr(name), &out) == 0) return std::nullopt;
    return toView(out);
  }

  const apiary_request* raw_;
};

}  // namespace apiary
