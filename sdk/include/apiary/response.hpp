// A response built by a handler and copied into the host when the handler returns.
#pragma once

#include <apiary/host_api.hpp>

#include <string>
#include <utility>
#include <vector>

namespace apiary {

class Response {
 public:
  Response() = default;
  explicit Response(int status) : status_(status) {}

  static Response json(int status, std::string body) {
    Response r(status);
    r.setHeader("Content-Type", "application/json; charset=utf-8");
    r.setBody(std::move(body));
    return r;
  }
  static Response text(int status, std::string body,
                       std::string contentType = "text/plain; charset=utf-8") {
    Response r(status);
    r.setHeader("Content-Type", std::move(contentType));
    r.setBody(std::move(body));
    return r;
  }

  int status() const { return status_; }
  const std::string& body() const { return body_; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

  // Replaces every header with that name (case-insensitive).
  Response& setHeader(std::string name, std::string value) {
    removeHeader(name);
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  // Adds another line with that name (e.g. Set-Cookie).
  Response& addHeader(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Response& setStatus(int status) {
    status_ = status;
    return *this;
  }
  Response& setBody(std::string body) {
    body_ = std::move(body);
    return *this;
  }

  // Copies this response into the host's response object.
  void writeTo(apiary_response* out) const {
    host().response_set_status(out, status_);
    for (const auto& [name, value] : headers_)
      host().response_add_header(out, toStr(name), toStr(value));
    if (!body_.empty()) host().response_write(out, body_.data(), body_.size());
  }

 private:
  void removeHeader(std::string_view name) {
    std::erase_if(headers_, [name](const auto& h) { return equalsIgnoreCase(h.first, name); });
  }
  static bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      char x = a[i], y = b[i];
      if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
      if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
      if (x != y) return false;
    }
    return true;
  }

  int status_ = 200;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string body_;
};

}  // namespace apiary
