// Shared by the plugin fuzz targets: turns a fuzz input into one request for a plugin loaded in
// the SDK's FakeHost and checks what must hold for any input. The input is a small HTTP-like text,
// so the seed corpus stays readable and the fuzzer can vary method, target, headers and body:
//
//   PUT /createPreview?x=1
//   Content-Type: application/json
//
//   {"type": "preview", ...}
//
// Checked per request: the handler returned (a thrown exception is logged by the SDK trampoline
// as "handler failed" and answered 500: a finding), the status is a real HTTP status, and no 5xx
// unless the caller says the route may answer one (an outbound dependency that failed).
#pragma once

#include <apiary/testing/fake_host.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace apiary::fuzz {

struct FuzzRequest {
  std::string method, target, body;
  apiary::testing::FakeHost::Headers headers;
};

// False when the input has no request line ("METHOD target\n").
inline bool parseFuzzRequest(std::string_view in, FuzzRequest& out) {
  const size_t eol = in.find('\n');
  if (eol == std::string_view::npos) return false;
  const std::string_view line = in.substr(0, eol);
  const size_t space = line.find(' ');
  if (space == std::string_view::npos || space == 0) return false;
  out.method.assign(line.substr(0, space));
  out.target.assign(line.substr(space + 1));
  if (out.target.empty() || out.target.front() != '/') return false;  // the host's own 400
  in.remove_prefix(eol + 1);
  // Header lines up to an empty line; without one, the rest is the body.
  while (!in.empty() && in.front() != '\n') {
    const size_t end = in.find('\n');
    const std::string_view h = in.substr(0, end);
    const size_t colon = h.find(':');
    if (end == std::string_view::npos || colon == std::string_view::npos || colon == 0) break;
    std::string_view value = h.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    out.headers.emplace_back(std::string(h.substr(0, colon)), std::string(value));
    in.remove_prefix(end + 1);
  }
  if (!in.empty() && in.front() == '\n') in.remove_prefix(1);
  out.body.assign(in);
  // As the daemon: the body length is what Content-Length says (the host read exactly that).
  bool hasLength = false;
  for (const auto& [name, value] : out.headers)
    hasLength = hasLength || RoutePattern::equals(name, "Content-Length", true);
  if (!hasLength) out.headers.emplace_back("Content-Length", std::to_string(out.body.size()));
  return true;
}

[[noreturn]] inline void fuzzFinding(const std::string& what, const FuzzRequest& r,
                                     const apiary::testing::FakeResponse& response) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n  request: %s %s\n  status: %d\n  body: %.400s\n",
               what.c_str(), r.method.c_str(), r.target.c_str(), response.status,
               response.body.c_str());
  std::abort();
}

// Sends r and checks the invariants. allow5xx: whether this request may answer 5xx (its route
// depends on an outbound call that the fake host leaves unanswered or scripted to fail).
inline apiary::testing::FakeResponse sendChecked(
    const apiary::testing::FakeHost& host, const FuzzRequest& r,
    const std::function<bool(const FuzzRequest&)>& allow5xx = {}) {
  const size_t logsBefore = host.logs().size();
  apiary::testing::FakeResponse response = host.call(r.method, r.target, r.body, r.headers);
  const auto logs = host.logs();
  for (size_t i = logsBefore; i < logs.size(); ++i)
    if (logs[i].find("handler failed") != std::string::npos)
      fuzzFinding("handler threw: " + logs[i], r, response);
  if (response.status < 100 || response.status > 599) fuzzFinding("bad status", r, response);
  if (response.status >= 500 && !(allow5xx && allow5xx(r)))
    fuzzFinding("5xx on a route without outbound dependency", r, response);
  return response;
}

// An authenticator that accepts any "Authorization: Fuzz <principal>" with every scope, so the
// fuzzer reaches the handlers behind the plugins' policies (and can still leave it out).
inline void acceptFuzzCredentials(apiary::testing::FakeHost& host, const std::string& provider) {
  host.addAuthenticator(provider, [](const apiary::testing::FakeAuthRequest& r,
                                     apiary::testing::FakeAuthResult& out) {
    const auto header = r.header("Authorization");
    if (!header || header->rfind("Fuzz ", 0) != 0) return apiary::AuthOutcome::NoCredentials;
    // Ok with an empty principal is an authenticator bug the host answers with 503 (as the
    // FakeHost does): an empty name is invalid credentials here.
    if (header->size() == 5) return apiary::AuthOutcome::Invalid;
    out.principal = header->substr(5);
    out.scopes = {"*"};
    return apiary::AuthOutcome::Ok;
  });
}

// The plugin instance the requests go to, loaded again every kRequestsPerHost requests: state
// (database rows, logs) carries over between inputs only that far, which bounds memory and keeps
// a finding reproducible from a short sequence of inputs.
class ReloadingHost {
 public:
  static constexpr int kRequestsPerHost = 256;
  explicit ReloadingHost(std::function<apiary::testing::FakeHost()> load)
      : load_(std::move(load)) {}
  apiary::testing::FakeHost& get() {
    if (!host_ || ++used_ > kRequestsPerHost) {
      host_.reset();  // the old instance stops before the new one starts
      host_.emplace(load_());
      used_ = 0;
    }
    return *host_;
  }

 private:
  std::function<apiary::testing::FakeHost()> load_;
  std::optional<apiary::testing::FakeHost> host_;
  int used_ = 0;
};

// Replaces every "{name}" in text by value (seed inputs name ids only known at run time).
inline void substitute(std::string& text, const std::string& name, const std::string& value) {
  const std::string key = "{" + name + "}";
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
}

}  // namespace apiary::fuzz
