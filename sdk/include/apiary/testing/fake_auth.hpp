// Authentication for the fake host: scripted authenticators, the policy check (same rules as
// the daemon's AuthGate, see apiary_policy in abi.h) and an in-memory credential store.
#pragma once

#include <apiary/auth.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace apiary::testing {

struct FakeAuthRequest {
  std::string method, path;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (RoutePattern::equals(k, name, true)) return v;
    return std::nullopt;
  }
};

struct FakeAuthResult {
  std::string principal;
  std::vector<std::string> scopes;
  std::string challenge;
};

using FakeAuthenticator = std::function<AuthOutcome(const FakeAuthRequest&, FakeAuthResult&)>;

struct FakePolicy {
  std::vector<std::string> providers, scopes;
  bool allowAnonymous = false;
  int throttleFailures = 0;

  static FakePolicy from(const apiary_policy& raw) {
    FakePolicy p;
    for (size_t i = 0; i < raw.provider_count; ++i) p.providers.emplace_back(toView(raw.providers[i]));
    for (size_t i = 0; i < raw.scope_count; ++i) p.scopes.emplace_back(toView(raw.scopes[i]));
    p.allowAnonymous = raw.allow_anonymous != 0;
    p.throttleFailures = raw.throttle_failures;
    return p;
  }
};

// The outcome of the policy check: status 0 passes.
struct FakeAuthDecision {
  int status = 0;
  std::string code, message, challenge;
  FakeAuthResult who;
};

class FakeAuthenticators {
 public:
  void add(const std::string& name, FakeAuthenticator fn) {
    std::lock_guard lock(mutex_);
    providers_[name] = std::move(fn);
  }

  FakeAuthDecision check(const std::vector<FakePolicy>& policies, const FakeAuthRequest& request) {
    FakeAuthDecision d;
    if (policies.empty()) return d;
    std::vector<std::string> order;
    bool anonymous = true;
    int throttle = 0;
    for (const auto& p : policies) {
      for (const auto& n : p.providers)
        if (std::find(order.begin(), order.end(), n) == order.end()) order.push_back(n);
      anonymous = anonymous && p.allowAnonymous;
      if (p.throttleFailures > 0)
        throttle = throttle == 0 ? p.throttleFailures : std::min(throttle, p.throttleFailures);
    }
    std::string provider, challenge;
    for (const auto& name : order) {
      FakeAuthenticator fn;
      {
        std::lock_guard lock(mutex_);
        auto it = providers_.find(name);
        if (it == providers_.end()) return {503, "auth.unavailable", "no fake authenticator " + name, {}, {}};
        fn = it->second;
      }
      FakeAuthResult result;
      const AuthOutcome outcome = fn(request, result);
      if (challenge.empty()) challenge = result.challenge;
      if (outcome == AuthOutcome::NoCredentials) continue;
      if (outcome == AuthOutcome::Ok && !result.principal.empty()) {
        provider = name;
        d.who = std::move(result);
        break;
      }
      if (outcome == AuthOutcome::Invalid)
        return failure(throttle, 401, "auth.invalid", "Invalid credentials",
                       result.challenge.empty() ? challenge : result.challenge);
      return {503, "auth.unavailable", "Authentication unavailable", {}, {}};
    }
    if (provider.empty()) {
      if (anonymous) return {};
      return {401, "auth.missing", "Authentication required", challenge, {}};
    }
    for (const auto& p : policies) {
      const bool accepted = p.providers.empty() ||
                            std::find(p.providers.begin(), p.providers.end(), provider) != p.providers.end();
      const bool scoped = std::all_of(p.scopes.begin(), p.scopes.end(), [&](const std::string& s) {
        return std::any_of(d.who.scopes.begin(), d.who.scopes.end(),
                           [&](const std::string& h) { return h == s || h == "*"; });
      });
      if (!accepted || !scoped) return failure(throttle, 403, "auth.scope", "Insufficient scope", {});
    }
    return d;
  }

 private:
  // One client in the fake: the throttle counts every failure, without a time window (tests
  // that need the window move on to a new FakeHost).
  FakeAuthDecision failure(int throttle, int status, const char* code, const char* message,
                           std::string challenge) {
    std::lock_guard lock(mutex_);
    if (throttle > 0 && ++failures_ > throttle) return {429, "auth.throttled", "Too many failed attempts", {}, {}};
    return {status, code, message, std::move(challenge), {}};
  }

  std::mutex mutex_;
  std::map<std::string, FakeAuthenticator> providers_;
  int failures_ = 0;
};

// The credential store of the fake host: same contract as the daemon's, secrets kept in
// memory in plain text (it is a test double).
class FakeCredentials {
 public:
  struct Entry {
    int64_t id;
    std::string realm, subject;
    int32_t kind;
    std::string secret, scopes, note;
    int64_t createdMs, revokedMs = 0;
    bool revoked = false;  // revokedMs may be 0 on a fake clock at the epoch
  };

  int32_t issue(const apiary_credential_spec& spec, int64_t nowMs, std::string& secret,
                int64_t& id, std::string& why) {
    std::lock_guard lock(mutex_);
    Entry e{next_++, std::string(toView(spec.realm)), std::string(toView(spec.subject)), spec.kind,
            {}, {}, std::string(toView(spec.note)), nowMs};
    if (e.realm.empty()) return why = "realm must not be empty", APIARY_DB_OTHER;
    for (size_t i = 0; i < spec.scope_count; ++i)
      e.scopes += (i ? "," : "") + std::string(toView(spec.scopes[i]));
    if (spec.kind == APIARY_CREDENTIAL_TOKEN) {
      e.secret = secret = randomHex();
    } else if (spec.kind == APIARY_CREDENTIAL_PASSWORD) {
      if (e.subject.empty() || spec.password.size == 0)
        return why = "a password needs a subject and a secret", APIARY_DB_OTHER;
      e.secret = std::string(toView(spec.password));
      secret.clear();
    } else {
      return why = "unknown credential kind", APIARY_DB_OTHER;
    }
    id = e.id;
    entries_.push_back(std::move(e));
    return APIARY_DB_OK;
  }

  int32_t verify(std::string_view realm, std::string_view subject, std::string_view secret,
                 FakeAuthResult& out) {
    std::lock_guard lock(mutex_);
    for (const auto& e : entries_) {
      if (e.revoked || e.realm != realm || e.secret != secret) continue;
      if (!subject.empty() && e.subject != subject) continue;
      if (subject.empty() && e.kind != APIARY_CREDENTIAL_TOKEN) continue;
      out.principal = subject.empty() ? "token:" + std::to_string(e.id) : e.subject;
      out.scopes.clear();
      size_t start = 0;
      while (start < e.scopes.size()) {
        const size_t comma = e.scopes.find(',', start);
        out.scopes.push_back(e.scopes.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return APIARY_AUTH_OK;
    }
    return APIARY_AUTH_INVALID;
  }

  int32_t rotate(std::string_view realm, int64_t id, std::string_view password, std::string& secret,
                 std::string& why) {
    std::lock_guard lock(mutex_);
    for (auto& e : entries_)
      if (e.id == id && e.realm == realm && !e.revoked) {
        if (e.kind == APIARY_CREDENTIAL_TOKEN) {
          e.secret = secret = randomHex();
        } else {
          if (password.empty()) return why = "password must not be empty", APIARY_DB_OTHER;
          e.secret = std::string(password);
          secret.clear();
        }
        return APIARY_DB_OK;
      }
    why = "no active credential " + std::to_string(id) + " in realm " + std::string(realm);
    return APIARY_DB_NOT_FOUND;
  }

  int32_t revoke(std::string_view realm, int64_t id, int64_t nowMs, std::string& why) {
    std::lock_guard lock(mutex_);
    for (auto& e : entries_)
      if (e.id == id && e.realm == realm && !e.revoked) {
        e.revoked = true;
        e.revokedMs = nowMs;
        return APIARY_DB_OK;
      }
    why = "no active credential " + std::to_string(id) + " in realm " + std::string(realm);
    return APIARY_DB_NOT_FOUND;
  }

  std::vector<Entry> list(std::string_view realm) {
    std::lock_guard lock(mutex_);
    std::vector<Entry> out;
    for (const auto& e : entries_)
      if (realm.empty() || e.realm == realm) out.push_back(e);
    return out;
  }

 private:
  static std::string randomHex() {
    static thread_local std::mt19937_64 engine{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s(64, '0');
    for (char& c : s) c = kHex[engine() & 0xF];
    return s;
  }

  std::mutex mutex_;
  std::vector<Entry> entries_;
  int64_t next_ = 1;
};

}  // namespace apiary::testing
