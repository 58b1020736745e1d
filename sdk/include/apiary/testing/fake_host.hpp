// A fake host for unit-testing a plugin's handlers without sockets or the daemon.
//
//   auto host = apiary::testing::FakeHost::load<HelloPlugin>(R"({"greeting": "Hi"})");
//   auto response = host.call("GET", "/hello/bob");
//   EXPECT_EQ(response.status, 200);
//   host.advance(std::chrono::minutes(10));   // moves the clock, runs due timers
//   host.http().respond("GET", "https://api.example/x", 200, "{}");  // scripted outbound HTTP
//
// The plugin is driven through its real C entry point and trampolines, exactly as the daemon
// drives it, and routes are matched with the same RoutePattern code the daemon uses. Storage
// is a real SQLite database (in memory unless Options::databasePath names a file): link
// SQLite3 (CMake: apiary::testing).
#pragma once

#include <apiary/plugin.hpp>
#include <apiary/route_pattern.hpp>
#include <apiary/testing/fake_auth.hpp>
#include <apiary/testing/fake_http.hpp>
#include <apiary/testing/fake_storage.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <map>

#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace apiary::testing {

struct FakeResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (RoutePattern::equals(k, name, true)) return v;
    return std::nullopt;
  }
};

class FakeHost {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  struct Options {
    std::string name = "test";             // the instance name
    std::string databasePath = ":memory:";  // or a file, to test persistence across hosts
    int64_t wallMs = 1767225600000;         // 2026-01-01T00:00:00Z
  };

  template <class T>
  static FakeHost load(const std::string& configJson = "{}", const std::string& name = "test") {
    Options options;
    options.name = name;
    return FakeHost(&detail::entry<T>, configJson, options);
  }
  template <class T>
  static FakeHost load(const std::string& configJson, const Options& options) {
    return FakeHost(&detail::entry<T>, configJson, options);
  }

  // Runs validate_config only; returns "path: message" for each error.
  template <class T>
  static std::vector<std::string> validate(const std::string& configJson) {
    const apiary_plugin_descriptor* d = detail::entry<T>(info());
    Errors errors;
    d->validate_config(toStr(configJson), reinterpret_cast<apiary_error*>(&errors));
    return errors.list;
  }

  FakeHost(apiary_plugin_entry_fn entry, const std::string& configJson, const Options& options)
      : state_(std::make_unique<State>()) {
    state_->name = options.name;
    state_->databasePath = options.databasePath;
    state_->wallMs = options.wallMs;
    state_->descriptor = entry(info());
    if (state_->descriptor == nullptr) throw std::runtime_error("entry returned no descriptor");
    Errors errors;
    auto* err = reinterpret_cast<apiary_error*>(&errors);
    state_->instance = state_->descriptor->create(reinterpret_cast<apiary_plugin_ctx*>(state_.get()),
                                                  toStr(configJson), err);
    if (state_->instance == nullptr) throw std::runtime_error("create failed: " + errors.joined());
    // As the daemon does: an instance that fails to register or start is destroyed (not
    // stopped: it never started). The destructor does not run when a constructor throws.
    auto refuse = [this](const std::string& what) {
      state_->descriptor->destroy(state_->instance);
      state_->instance = nullptr;
      throw std::runtime_error(what);
    };
    if (state_->descriptor->register_routes(state_->instance,
                                            reinterpret_cast<apiary_router*>(state_.get()),
                                            err) != APIARY_OK ||
        !errors.list.empty())
      refuse("register_routes failed: " + errors.joined());
    if (state_->descriptor->start(state_->instance, err) != APIARY_OK)
      refuse("start failed: " + errors.joined());
  }
  FakeHost(FakeHost&&) = default;
  ~FakeHost() {
    if (state_ && state_->instance != nullptr) {
      {
        std::lock_guard lock(state_->mutex);
        state_->timers.clear();  // as the daemon: timers end before stop
      }
      state_->descriptor->stop(state_->instance);
      state_->descriptor->destroy(state_->instance);
    }
  }

  // Sends one request. target may carry a query string ("/a?b=c").
  FakeResponse call(const std::string& method, const std::string& target,
                    const std::string& body = {}, const Headers& headers = {}) const {
    Req req;
    req.method = method;
    const size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    req.body = body;
    req.headers = headers;
    req.id = "fake-" + std::to_string(++state_->requestCount);
    Resp resp;
    const Route* route = nullptr;
    bool pathKnown = false;
    std::vector<std::string> segments;
    const bool ci = (state_->flags & APIARY_ROUTER_CASE_INSENSITIVE) != 0;
    const bool optionalSlash = (state_->flags & APIARY_ROUTER_OPTIONAL_TRAILING_SLASH) != 0;
    if (splitPath(req.path, optionalSlash, segments)) {
      for (const auto& r : state_->routes) {
        auto pattern = RoutePattern::parse(r.pattern, optionalSlash, nullptr);
        if (!pattern || !pattern->match(segments, ci, nullptr)) continue;
        pathKnown = true;
        if (r.method != method) continue;
        auto best = route ? RoutePattern::parse(route->pattern, optionalSlash, nullptr) : pattern;
        if (route == nullptr || pattern->moreSpecificThan(*best)) route = &r;
      }
    }
    // Policies: the prefix policies under this path (before routing), then the route's.
    std::vector<FakePolicy> policies;
    for (const auto& [prefix, policy] : state_->prefixPolicies)
      if (prefix == "/" ||
          (RoutePattern::equals(req.path.substr(0, prefix.size()), prefix, ci) &&
           (req.path.size() == prefix.size() || req.path[prefix.size()] == '/')))
        policies.push_back(policy);
    if (route != nullptr)
      for (const auto& p : route->policies) policies.push_back(p);
    const FakeAuthDecision decision =
        state_->authenticators.check(policies, FakeAuthRequest{method, req.path, headers});
    if (decision.status == 0) {  // as the daemon: set for route misses under a policy too
      req.principal = decision.who.principal;
      req.scopes = decision.who.scopes;
    }
    if (decision.status != 0) {
      req.errorCode = decision.code;
      formatError(decision.status, decision.message, req, resp);
      if (resp.status == 401 && !decision.challenge.empty())
        resp.headers.emplace_back("WWW-Authenticate", decision.challenge);
    } else if (route != nullptr) {
      RoutePattern::parse(route->pattern, optionalSlash, nullptr)->match(segments, ci, &req.params);
      if (route->handler(route->user, reinterpret_cast<const apiary_request*>(&req),
                         reinterpret_cast<apiary_response*>(&resp)) != APIARY_OK)
        (req.errorCode = "handler.failed", formatError(500, "Internal server error", req, resp));
    } else {
      const bool is404 = !pathKnown || (state_->flags & APIARY_ROUTER_METHOD_MISMATCH_IS_404);
      req.errorCode = is404 ? "route.not_found" : "route.method";
      formatError(is404 ? 404 : 405, is404 ? "Not found" : "Method not allowed", req, resp);
    }
    for (const auto& [k, v] : state_->defaultHeaders) resp.headers.emplace_back(k, v);
    return FakeResponse{resp.status, resp.headers, resp.body};
  }

  // Moves both clocks forward and runs every timer that falls due, in order, on this thread.
  void advance(std::chrono::milliseconds delta) {
    const int64_t target = state_->monoMs + delta.count();
    while (true) {
      uint64_t id = 0;
      int64_t due = 0;
      FakeTimer timer;
      {
        std::lock_guard lock(state_->mutex);
        for (const auto& [tid, t] : state_->timers)
          if (t.due <= target && (id == 0 || t.due < due)) {
            id = tid;
            due = t.due;
          }
        if (id == 0) break;
        state_->wallMs += due - state_->monoMs;
        state_->monoMs = due;
        state_->timers[id].due += state_->timers[id].interval;
        timer = state_->timers[id];
      }
      timer.fn(timer.user);
    }
    std::lock_guard lock(state_->mutex);
    state_->wallMs += target - state_->monoMs;
    state_->monoMs = target;
  }
  int64_t wallMs() const { return state_->wallMs; }
  size_t timerCount() const {
    std::lock_guard lock(state_->mutex);
    return state_->timers.size();
  }

  // A scripted authenticator instance that policies can name ("bearer:spellbot").
  void addAuthenticator(const std::string& name, FakeAuthenticator fn) {
    state_->authenticators.add(name, std::move(fn));
  }
  // The value of a counter the plugin registered (0 when unknown).
  double counterValue(const std::string& name) const {
    std::lock_guard lock(state_->mutex);
    for (const auto& [n, v] : state_->counters)
      if (n == name) return v->load();
    return 0;
  }

  // The in-memory credential store (what the plugin's credentials() reaches).
  FakeCredentials& credentials() { return state_->credentials; }

  // For an authenticator plugin under test: calls its authenticate with these headers.
  struct AuthCall {
    AuthOutcome outcome;
    FakeAuthResult result;
  };
  AuthCall authenticate(const Headers& headers, const std::string& path = "/") const {
    Req req;
    req.method = "GET";
    req.path = path;
    req.headers = headers;
    req.id = "fake-" + std::to_string(++state_->requestCount);
    AuthCall call{AuthOutcome::Error, {}};
    if (state_->descriptor->authenticate == nullptr) return call;
    call.outcome = static_cast<AuthOutcome>(state_->descriptor->authenticate(
        state_->instance, reinterpret_cast<const apiary_request*>(&req),
        reinterpret_cast<apiary_auth_result*>(&call.result)));
    return call;
  }

  // Scripted outbound HTTP: what the plugin's HttpClient calls reach.
  FakeHttp& http() { return state_->http; }

  // Runs SQL on the plugin's database directly (for test setup and assertions).
  FakeStorage::Result sql(const std::string& statement) {
    FakeStorage::Result out;
    std::string failure;
    if (storage().execute(nullptr, statement, nullptr, 0, out, failure) != APIARY_DB_OK)
      throw std::runtime_error("sql failed: " + failure);
    return out;
  }

  struct CommandResult {
    int code = 0;
    std::string out, err;
  };
  // Runs the plugin's operator command, as `apiary <instance> args...` does.
  CommandResult command(const std::vector<std::string>& args) {
    CommandResult result;
    std::vector<apiary_str> raw;
    for (const auto& a : args) raw.push_back(toStr(a));
    if (state_->descriptor->run_command == nullptr) {
      result.code = 2;
      return result;
    }
    result.code = state_->descriptor->run_command(state_->instance, raw.data(), raw.size(),
                                                  reinterpret_cast<apiary_output*>(&result));
    return result;
  }

  // Every line the plugin logged, as "LEVEL message".
  std::vector<std::string> logs() const {
    std::lock_guard lock(state_->mutex);
    return state_->logs;
  }

 private:
  struct Route {
    std::string method, pattern;
    apiary_handler_fn handler;
    void* user;
    std::vector<FakePolicy> policies;
  };
  struct FakeTimer {
    int64_t interval = 0;
    int64_t due = 0;
    apiary_timer_fn fn = nullptr;
    void* user = nullptr;
  };
  struct State {
    std::string name;
    std::string databasePath;
    std::unique_ptr<FakeStorage> storage;
    std::mutex storageMutex;
    int64_t wallMs = 0;
    int64_t monoMs = 1000000;
    std::map<uint64_t, FakeTimer> timers;
    uint64_t nextTimer = 1;
    FakeHttp http;
    std::vector<std::pair<std::string, std::atomic<double>*>> counters;  // name -> value
    std::deque<std::atomic<double>> counterValues;
    const apiary_plugin_descriptor* descriptor = nullptr;
    void* instance = nullptr;
    std::vector<Route> routes;
    std::vector<std::pair<std::string, FakePolicy>> prefixPolicies;
    FakeAuthenticators authenticators;
    FakeCredentials credentials;
    uint32_t flags = 0;
    Headers defaultHeaders;
    mutable std::mutex mutex;
    std::vector<std::string> logs;
    mutable size_t requestCount = 0;
  };
  struct Errors {
    std::vector<std::string> list;
    std::string cached;
    std::string joined() const {
      std::string all;
      for (const auto& e : list) all += (all.empty() ? "" : "; ") + e;
      return all;
    }
  };
  struct Req {
    std::string method, path, query, body, id;
    std::string principal, errorCode;
    std::vector<std::string> scopes;
    Headers headers;
    PathParams params;
    mutable std::vector<std::pair<std::string, std::string>> decodedQuery;
  };
  struct Resp {
    int status = 200;
    Headers headers;
    std::string body;
  };

  void formatError(int status, const std::string& message, const Req& req, Resp& resp) const {
    resp = Resp{status, {}, {}};
    if (state_->descriptor->format_error == nullptr ||
        state_->descriptor->format_error(state_->instance, status, toStr(message),
                                         reinterpret_cast<const apiary_request*>(&req),
                                         reinterpret_cast<apiary_response*>(&resp)) != APIARY_OK) {
      resp = Resp{status, {{"Content-Type", "application/json"}}, "{\"error\":\"" + message + "\"}"};
    }
  }

  FakeStorage& storage() { return storageOf(*state_); }
  static FakeStorage& storageOf(State& st) {
    std::lock_guard lock(st.storageMutex);
    if (!st.storage) st.storage = std::make_unique<FakeStorage>(st.databasePath);
    return *st.storage;
  }
  static void fail(apiary_error* err, const std::string& message) {
    if (err != nullptr) reinterpret_cast<Errors*>(err)->list.push_back(": " + message);
  }
  using Result = FakeStorage::Result;
  static const Result& result(const apiary_db_result* r) {
    return *reinterpret_cast<const Result*>(r);
  }
  struct HttpOut {
    int status = 0;
    Headers headers;
    std::string body;
  };
  static const HttpOut& httpOut(const apiary_http_response* r) {
    return *reinterpret_cast<const HttpOut*>(r);
  }

  static const Req& req(const apiary_request* r) { return *reinterpret_cast<const Req*>(r); }
  static Resp& resp(apiary_response* r) { return *reinterpret_cast<Resp*>(r); }
  static State& state(const void* p) { return *const_cast<State*>(static_cast<const State*>(p)); }
  static apiary_str s(const std::string& v) { return toStr(v); }
  static int32_t found(const std::string* v, apiary_str* out) {
    if (v == nullptr) return 0;
    if (out) *out = s(*v);
    return 1;
  }
  static const std::string* findIn(const std::vector<std::pair<std::string, std::string>>& list,
                                   std::string_view name, bool ci) {
    for (const auto& [k, v] : list)
      if (RoutePattern::equals(k, name, ci)) return &v;
    return nullptr;
  }
  static void decodeQuery(const Req& r) {
    if (!r.decodedQuery.empty() || r.query.empty()) return;
    std::string_view rest = r.query;
    while (!rest.empty()) {
      const size_t amp = rest.find('&');
      std::string pair(rest.substr(0, amp));
      rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
      for (char& c : pair)
        if (c == '+') c = ' ';
      const size_t eq = pair.find('=');
      std::vector<std::string> parts;
      for (std::string piece : {pair.substr(0, eq), eq == std::string::npos ? std::string()
                                                                            : pair.substr(eq + 1)}) {
        std::vector<std::string> decoded;
        parts.push_back(splitPath("/" + piece, false, decoded) && !decoded.empty() ? decoded[0]
                                                                                    : piece);
      }
      r.decodedQuery.emplace_back(parts[0], parts[1]);
    }
  }

  static const apiary_host_info* info() {
    static const apiary_host_api api = {
        sizeof(apiary_host_api),
        [](const apiary_plugin_ctx* ctx, int32_t level, apiary_str msg) {
          static const char* names[] = {"TRACE", "DEBUG", "INFO", "WARNING", "ERROR"};
          if (ctx == nullptr) return;
          State& st = state(ctx);
          std::lock_guard lock(st.mutex);
          st.logs.push_back(std::string(names[level < 0 || level > 4 ? 4 : level]) + " " +
                            std::string(toView(msg)));
        },
        [](const apiary_plugin_ctx* ctx) { return s(state(ctx).name); },
        [](apiary_error* err, apiary_str path, apiary_str message) {
          reinterpret_cast<Errors*>(err)->list.push_back(std::string(toView(path)) + ": " +
                                                         std::string(toView(message)));
        },
        [](apiary_router* r, const apiary_route_def* def) -> int32_t {
          if (!RoutePattern::parse(toView(def->pattern), false, nullptr)) return 0;
          Route route{std::string(toView(def->method)), std::string(toView(def->pattern)),
                      def->handler, def->user, {}};
          if (def->struct_size >= offsetof(apiary_route_def, policy) + sizeof(void*) &&
              def->policy != nullptr)
            route.policies.push_back(FakePolicy::from(*def->policy));
          state(r).routes.push_back(std::move(route));
          return 1;
        },
        [](apiary_router* r, const apiary_router_options* o) { state(r).flags = o->flags; },
        [](apiary_router*, const apiary_cors_policy*) {},
        [](apiary_router* r, apiary_str name, apiary_str value) {
          state(r).defaultHeaders.emplace_back(std::string(toView(name)),
                                               std::string(toView(value)));
        },
        [](const apiary_request* r) { return s(req(r).method); },
        [](const apiary_request* r) { return s(req(r).path); },
        [](const apiary_request* r) { return s(req(r).query); },
        [](const apiary_request* r, apiary_str name, apiary_str* out) {
          return found(findIn(req(r).params, toView(name), false), out);
        },
        [](const apiary_request* r, apiary_str name, apiary_str* out) {
          decodeQuery(req(r));
          return found(findIn(req(r).decodedQuery, toView(name), false), out);
        },
        [](const apiary_request* r, apiary_str name, apiary_str* out) {
          return found(findIn(req(r).headers, toView(name), true), out);
        },
        [](const apiary_request* r) { return req(r).headers.size(); },
        [](const apiary_request* r, size_t i, apiary_str* name, apiary_str* value) -> int32_t {
          if (i >= req(r).headers.size()) return 0;
          *name = s(req(r).headers[i].first);
          *value = s(req(r).headers[i].second);
          return 1;
        },
        [](const apiary_request* r) { return s(req(r).body); },
        [](const apiary_request*) { return toStr("127.0.0.1:50000"); },
        [](const apiary_request* r) { return s(req(r).id); },
        [](apiary_response* r, int32_t status) { resp(r).status = status; },
        [](apiary_response* r, apiary_str name, apiary_str value) {
          auto& h = resp(r).headers;
          std::erase_if(h, [&](const auto& e) { return RoutePattern::equals(e.first, toView(name), true); });
          h.emplace_back(std::string(toView(name)), std::string(toView(value)));
        },
        [](apiary_response* r, apiary_str name, apiary_str value) {
          resp(r).headers.emplace_back(std::string(toView(name)), std::string(toView(value)));
        },
        [](apiary_response* r, const void* data, size_t size) {
          resp(r).body.append(static_cast<const char*>(data), size);
        },
        // 1.1: error sinks
        []() { return reinterpret_cast<apiary_error*>(new Errors); },
        [](const apiary_error* err) {
          auto* e = const_cast<Errors*>(reinterpret_cast<const Errors*>(err));
          e->cached.clear();
          for (const auto& m : e->list) {
            // entries are "path: message"; drop the separator when there is no path
            const std::string text = m.rfind(": ", 0) == 0 ? m.substr(2) : m;
            e->cached += (e->cached.empty() ? "" : "; ") + text;
          }
          return s(e->cached);
        },
        [](apiary_error* err) { delete reinterpret_cast<Errors*>(err); },
        // storage
        [](apiary_plugin_ctx* ctx, apiary_str schema, const apiary_migration* steps, size_t n,
           apiary_error* err) -> int32_t {
          std::string failure;
          const int32_t rc =
              storageOf(state(ctx)).migrate(std::string(toView(schema)), steps, n, failure);
          if (rc != APIARY_DB_OK) fail(err, failure);
          return rc;
        },
        [](apiary_plugin_ctx* ctx, apiary_db_txn* txn, apiary_str sql, const apiary_value* params,
           size_t n, apiary_db_result** out, apiary_error* err) -> int32_t {
          auto result = std::make_unique<Result>();
          std::string failure;
          const int32_t rc = storageOf(state(ctx)).execute(
              reinterpret_cast<FakeStorage::Txn*>(txn), std::string(toView(sql)), params, n,
              *result, failure);
          if (out != nullptr) *out = nullptr;
          if (rc != APIARY_DB_OK) {
            fail(err, failure);
            return rc;
          }
          if (out != nullptr) *out = reinterpret_cast<apiary_db_result*>(result.release());
          return rc;
        },
        [](const apiary_db_result* r) { return result(r).rows.size(); },
        [](const apiary_db_result* r) { return result(r).columns.size(); },
        [](const apiary_db_result* r, size_t c) {
          return c < result(r).columns.size() ? s(result(r).columns[c]) : apiary_str{nullptr, 0};
        },
        [](const apiary_db_result* r, size_t row, size_t c, apiary_value* out) -> int32_t {
          if (row >= result(r).rows.size() || c >= result(r).columns.size()) return 0;
          const auto& cell = result(r).rows[row][c];
          *out = apiary_value{cell.type, cell.int64, cell.real, s(cell.bytes)};
          return 1;
        },
        [](const apiary_db_result* r) { return result(r).affected; },
        [](apiary_db_result* r) { delete reinterpret_cast<Result*>(r); },
        [](apiary_plugin_ctx* ctx, apiary_db_txn** txn, apiary_error* err) -> int32_t {
          std::unique_ptr<FakeStorage::Txn> t;
          std::string failure;
          const int32_t rc = storageOf(state(ctx)).begin(t, failure);
          if (rc != APIARY_DB_OK) fail(err, failure);
          *txn = reinterpret_cast<apiary_db_txn*>(t.release());
          return rc;
        },
        // commit and rollback find their storage through the transaction alone; the fake has
        // one storage per host, reachable from the lock the transaction holds.
        [](apiary_db_txn* txn, apiary_error* err) -> int32_t {
          std::unique_ptr<FakeStorage::Txn> t(reinterpret_cast<FakeStorage::Txn*>(txn));
          std::string failure;
          FakeStorage* storage = t->owner;
          const int32_t rc = storage->commit(std::move(t), failure);
          if (rc != APIARY_DB_OK) fail(err, failure);
          return rc;
        },
        [](apiary_db_txn* txn) {
          std::unique_ptr<FakeStorage::Txn> t(reinterpret_cast<FakeStorage::Txn*>(txn));
          FakeStorage* storage = t->owner;
          storage->rollback(std::move(t));
        },
        // clock and timers
        [](const apiary_plugin_ctx* ctx) {
          std::lock_guard lock(state(ctx).mutex);
          return state(ctx).wallMs;
        },
        [](const apiary_plugin_ctx* ctx) {
          std::lock_guard lock(state(ctx).mutex);
          return state(ctx).monoMs;
        },
        [](apiary_plugin_ctx* ctx, int64_t interval, apiary_timer_fn fn, void* user) -> uint64_t {
          if (interval <= 0 || fn == nullptr) return 0;
          State& st = state(ctx);
          std::lock_guard lock(st.mutex);
          const uint64_t id = st.nextTimer++;
          st.timers[id] = FakeTimer{interval, st.monoMs + interval, fn, user};
          return id;
        },
        [](apiary_plugin_ctx* ctx, uint64_t id) {
          std::lock_guard lock(state(ctx).mutex);
          state(ctx).timers.erase(id);
        },
        // outbound HTTP
        [](apiary_plugin_ctx* ctx, const apiary_http_request* in, apiary_http_response** out,
           apiary_error* err) -> int32_t {
          auto response = std::make_unique<HttpOut>();
          std::string why;
          const int32_t rc = state(ctx).http.handle(*in, response->status, response->headers,
                                                    response->body, why);
          *out = nullptr;
          if (rc != APIARY_HTTP_OK) {
            fail(err, why);
            return rc;
          }
          *out = reinterpret_cast<apiary_http_response*>(response.release());
          return rc;
        },
        [](const apiary_http_response* r) -> int32_t { return httpOut(r).status; },
        [](const apiary_http_response* r) { return httpOut(r).headers.size(); },
        [](const apiary_http_response* r, size_t i, apiary_str* name, apiary_str* value) -> int32_t {
          if (i >= httpOut(r).headers.size()) return 0;
          *name = s(httpOut(r).headers[i].first);
          *value = s(httpOut(r).headers[i].second);
          return 1;
        },
        [](const apiary_http_response* r) { return s(httpOut(r).body); },
        [](apiary_http_response* r) { delete reinterpret_cast<HttpOut*>(r); },
        // 1.2: command output
        [](apiary_output* out, int32_t stream, apiary_str text) {
          auto* o = reinterpret_cast<CommandResult*>(out);
          (stream == 2 ? o->err : o->out).append(toView(text));
        },
        // 1.3: authentication
        [](apiary_router* r, apiary_str prefix, const apiary_policy* policy) {
          std::string p(toView(prefix));
          while (p.size() > 1 && p.back() == '/') p.pop_back();
          state(r).prefixPolicies.emplace_back(p, FakePolicy::from(*policy));
        },
        [](const apiary_request* r) { return s(req(r).principal); },
        [](const apiary_request* r) { return req(r).scopes.size(); },
        [](const apiary_request* r, size_t i) {
          return i < req(r).scopes.size() ? s(req(r).scopes[i]) : apiary_str{nullptr, 0};
        },
        [](const apiary_request* r) { return s(req(r).errorCode); },
        [](apiary_auth_result* r, apiary_str v) {
          reinterpret_cast<FakeAuthResult*>(r)->principal = std::string(toView(v));
        },
        [](apiary_auth_result* r, apiary_str v) {
          reinterpret_cast<FakeAuthResult*>(r)->scopes.emplace_back(toView(v));
        },
        [](apiary_auth_result* r, apiary_str v) {
          reinterpret_cast<FakeAuthResult*>(r)->challenge = std::string(toView(v));
        },
        [](apiary_plugin_ctx* ctx, const apiary_credential_spec* spec, char* out, size_t cap,
           int64_t* id, apiary_error* err) -> int32_t {
          std::string secret, why;
          int64_t newId = 0;
          const int32_t rc = state(ctx).credentials.issue(*spec, state(ctx).wallMs, secret, newId, why);
          if (rc != APIARY_DB_OK) return fail(err, why), rc;
          if (secret.size() >= cap) return fail(err, "secret buffer too small"), APIARY_DB_OTHER;
          std::copy(secret.begin(), secret.end(), out);
          out[secret.size()] = '\0';
          if (id != nullptr) *id = newId;
          return rc;
        },
        [](apiary_plugin_ctx* ctx, apiary_str realm, apiary_str subject, apiary_str secret,
           apiary_auth_result* result, apiary_error*) -> int32_t {
          FakeAuthResult found;
          const int32_t rc = state(ctx).credentials.verify(toView(realm), toView(subject),
                                                           toView(secret), found);
          if (rc == APIARY_AUTH_OK && result != nullptr)
            *reinterpret_cast<FakeAuthResult*>(result) = found;
          return rc;
        },
        [](apiary_plugin_ctx* ctx, apiary_str realm, int64_t id, apiary_str password, char* out,
           size_t cap, apiary_error* err) -> int32_t {
          std::string secret, why;
          const int32_t rc =
              state(ctx).credentials.rotate(toView(realm), id, toView(password), secret, why);
          if (rc != APIARY_DB_OK) return fail(err, why), rc;
          if (secret.size() >= cap) return fail(err, "secret buffer too small"), APIARY_DB_OTHER;
          std::copy(secret.begin(), secret.end(), out);
          out[secret.size()] = '\0';
          return rc;
        },
        [](apiary_plugin_ctx* ctx, apiary_str realm, int64_t id, apiary_error* err) -> int32_t {
          std::string why;
          const int32_t rc = state(ctx).credentials.revoke(toView(realm), id, state(ctx).wallMs, why);
          if (rc != APIARY_DB_OK) fail(err, why);
          return rc;
        },
        [](apiary_plugin_ctx* ctx, apiary_str realm, apiary_credential_visitor visitor, void* user,
           apiary_error*) -> int32_t {
          for (const auto& e : state(ctx).credentials.list(toView(realm))) {
            const apiary_credential_info info{sizeof(apiary_credential_info), e.id, s(e.realm),
                                              s(e.subject), e.kind, s(e.scopes), s(e.note),
                                              e.createdMs, e.revokedMs};
            visitor(user, &info);
          }
          return APIARY_DB_OK;
        },
        // 1.4: metrics
        [](apiary_plugin_ctx* ctx, apiary_str name, apiary_str) -> uint64_t {
          State& st = state(ctx);
          std::lock_guard lock(st.mutex);
          const std::string n(toView(name));
          if (n.size() < 7 || n.compare(n.size() - 6, 6, "_total") != 0) return 0;
          for (size_t i = 0; i < st.counters.size(); ++i)
            if (st.counters[i].first == n) return i + 1;
          st.counters.emplace_back(n, &st.counterValues.emplace_back(0.0));
          return st.counters.size();
        },
        [](apiary_plugin_ctx* ctx, uint64_t id, double delta) {
          State& st = state(ctx);
          std::atomic<double>* value = nullptr;
          {
            std::lock_guard lock(st.mutex);
            if (id == 0 || id > st.counters.size() || !(delta >= 0)) return;
            value = st.counters[id - 1].second;
          }
          value->fetch_add(delta);
        },
        // 1.5: WebSocket routes. FakeHost requests are never upgrades, so a handler takes its
        // plain-HTTP path; WebSocket sessions are tested against the real host.
        [](const apiary_request*) -> int32_t { return 0; },
        [](const apiary_request*, apiary_response*, void*) -> int32_t { return 0; },
        [](apiary_plugin_ctx*, uint64_t, int32_t, const void*, size_t) -> int32_t { return 0; },
        [](apiary_plugin_ctx*, uint64_t, int32_t, apiary_str) -> int32_t { return 0; },
    };
    static const apiary_host_info hostInfo = {sizeof(apiary_host_info), APIARY_ABI_MAGIC,
                                              APIARY_ABI_MAJOR, APIARY_ABI_MINOR,
                                              toStr("fake"), &api};
    return &hostInfo;
  }

  std::unique_ptr<State> state_;
};

}  // namespace apiary::testing
