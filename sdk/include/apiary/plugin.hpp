// The base class of a route plugin, and APIARY_PLUGIN, which exports it through the C ABI.
//
//   class HelloPlugin : public apiary::Plugin {
//    public:
//     static constexpr const char* kName = "hello";
//     static constexpr const char* kVersion = "1.0.0";
//     void configure(const apiary::ConfigReader& config) override;
//     void routes(apiary::Router& router) override;
//   };
//   APIARY_PLUGIN(HelloPlugin)
//
// Lifecycle (main thread): construct -> configure -> routes -> start ... stop -> destroy.
// validate_config constructs a throw-away instance and calls configure only, so constructors
// and configure must have no side effects. Handlers run concurrently on worker threads.
// Every exception is caught at the C boundary: in a handler it becomes a 500 in the plugin's
// envelope (HttpError becomes its own status); elsewhere it refuses the plugin with its message.
#pragma once

#include <apiary/auth.hpp>
#include <apiary/clock.hpp>
#include <apiary/config.hpp>
#include <apiary/credentials.hpp>
#include <apiary/database.hpp>
#include <apiary/http_client.hpp>
#include <apiary/logger.hpp>
#include <apiary/metrics.hpp>
#include <apiary/router.hpp>
#include <apiary/timers.hpp>

#include <memory>

namespace apiary {

namespace detail {
template <class T>
struct Trampolines;
}

// Where an operator command writes (the terminal running `apiary <instance> ...`).
class CommandOutput {
 public:
  explicit CommandOutput(apiary_output* raw) : raw_(raw) {}
  void out(std::string_view text) const { host().output_write(raw_, 1, toStr(text)); }
  void err(std::string_view text) const { host().output_write(raw_, 2, toStr(text)); }

 private:
  apiary_output* raw_;
};

class Plugin {
 public:
  Plugin() = default;
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;
  virtual ~Plugin() = default;

  // Reads the plugin's config section. Report problems with config.fail(key, message).
  virtual void configure(const ConfigReader& config) { (void)config; }
  virtual void routes(Router& router) = 0;
  // Schema steps of this plugin, applied (all pending ones in one transaction) before start().
  // The schema is named after the plugin (kName); instances sharing a database share it.
  virtual std::vector<Migration> migrations() const { return {}; }
  virtual void start() {}
  virtual void stop() {}

  // Authenticator plugins (kKind = APIARY_KIND_AUTHENTICATOR): who sent the request. Called
  // concurrently from worker threads. Exceptions count as AuthOutcome::Error.
  virtual AuthOutcome authenticate(const Request& request, AuthResult& result) {
    (void)request;
    (void)result;
    return AuthOutcome::NoCredentials;
  }

  // Operator commands: `apiary [--config F] <instance> <args...>`, on a configured instance
  // whose migrations are applied but which is not started (no routes, no timers running).
  // Returns the exit code: 0 success, 1 failure, 2 usage error.
  virtual int command(const std::vector<std::string>& args, const CommandOutput& out) {
    (void)args;
    out.err(std::string(instanceName()) + ": this plugin has no commands\n");
    return 2;
  }

  // Renders an error (host-made or HttpError) in this plugin's envelope. Default:
  // {"error": message} as JSON. Called concurrently from worker threads.
  virtual Response formatError(int status, std::string_view message, const Request& request) const {
    (void)request;
    return Response::json(status, nlohmann::json{{"error", message}}.dump());
  }

  const Logger& log() const { return logger_; }
  // Host services; valid from routes() on (not in configure()).
  Database database() const { return Database(ctx_); }
  Clock clock() const { return Clock(ctx_); }
  Timers& timers() { return *timers_; }
  HttpClient http() const { return HttpClient(ctx_); }
  CredentialStore credentials() const { return CredentialStore(ctx_); }
  // A counter on /metrics (name ends in "_total"); call in routes() or start().
  Counter counter(std::string_view name, std::string_view help) const {
    return Counter(ctx_, name, help);
  }
  std::string_view instanceName() const {
    return ctx_ == nullptr ? std::string_view{} : toView(host().ctx_instance_name(ctx_));
  }

 protected:
  apiary_plugin_ctx* context() const { return ctx_; }

 private:
  template <class T>
  friend struct detail::Trampolines;

  apiary_plugin_ctx* ctx_ = nullptr;
  Logger logger_;
  std::unique_ptr<Timers> timers_;
  std::deque<HandlerSlot> slots_;
};

namespace detail {

inline void reportErrors(const std::vector<ConfigError>& errors, apiary_error* err) {
  for (const auto& e : errors) host().error_set(err, toStr(e.path), toStr(e.message));
}

inline void reportException(apiary_error* err) {
  try {
    throw;
  } catch (const std::exception& e) {
    host().error_set(err, {}, toStr(e.what()));
  } catch (...) {
    host().error_set(err, {}, toStr("unknown exception"));
  }
}

template <class T>
struct Trampolines {
  static int32_t validate(apiary_str json, apiary_error* err) {
    try {
      T plugin;
      ConfigReader config = ConfigReader::parse(toView(json));
      if (config.errors().empty()) plugin.configure(config);
      const auto& errors = config.finish();
      reportErrors(errors, err);
      return errors.empty() ? APIARY_OK : APIARY_FAILED;
    } catch (...) {
      reportException(err);
      return APIARY_FAILED;
    }
  }

  static void* create(apiary_plugin_ctx* ctx, apiary_str json, apiary_error* err) {
    try {
      auto plugin = std::make_unique<T>();
      Plugin& base = *plugin;
      base.ctx_ = ctx;
      base.logger_ = Logger(ctx);
      base.timers_ = std::make_unique<Timers>(ctx, base.logger_);
      ConfigReader config = ConfigReader::parse(toView(json));
      if (config.errors().empty()) plugin->configure(config);
      const auto& errors = config.finish();
      if (!errors.empty()) {
        reportErrors(errors, err);
        return nullptr;
      }
      return static_cast<Plugin*>(plugin.release());
    } catch (...) {
      reportException(err);
      return nullptr;
    }
  }

  static int32_t registerRoutes(void* instance, apiary_router* raw, apiary_error* err) {
    try {
      Plugin* plugin = static_cast<Plugin*>(instance);
      Router router(raw, &invoke, plugin, plugin->slots_, plugin->ctx_);
      plugin->routes(router);
      return APIARY_OK;
    } catch (...) {
      reportException(err);
      return APIARY_FAILED;
    }
  }

  static int32_t start(void* instance, apiary_error* err) {
    try {
      Plugin* plugin = static_cast<Plugin*>(instance);
      const std::vector<Migration> steps = plugin->migrations();
      if (!steps.empty()) plugin->database().migrate(T::kName, steps);
      plugin->start();
      return APIARY_OK;
    } catch (...) {
      reportException(err);
      return APIARY_FAILED;
    }
  }

  static int32_t runCommand(void* instance, const apiary_str* args, size_t count,
                            apiary_output* raw) {
    const CommandOutput out(raw);
    Plugin* plugin = static_cast<Plugin*>(instance);
    try {
      const std::vector<Migration> steps = plugin->migrations();
      if (!steps.empty()) plugin->database().migrate(T::kName, steps);
      std::vector<std::string> list;
      for (size_t i = 0; i < count; ++i) list.emplace_back(toView(args[i]));
      return plugin->command(list, out);
    } catch (const std::exception& e) {
      out.err(std::string("error: ") + e.what() + "\n");
    } catch (...) {
      out.err("error: unknown exception\n");
    }
    return 1;
  }

  static int32_t authenticate(void* instance, const apiary_request* req,
                              apiary_auth_result* raw) {
    Plugin* plugin = static_cast<Plugin*>(instance);
    try {
      AuthResult result(raw);
      return static_cast<int32_t>(plugin->authenticate(Request(req), result));
    } catch (const std::exception& e) {
      plugin->log().error(std::string("authenticate failed: ") + e.what());
    } catch (...) {
      plugin->log().error("authenticate failed: unknown exception");
    }
    return APIARY_AUTH_ERROR;
  }

  static void stop(void* instance) {
    Plugin* plugin = static_cast<Plugin*>(instance);
    try {
      plugin->stop();
    } catch (const std::exception& e) {
      plugin->log().error(std::string("stop failed: ") + e.what());
    } catch (...) {
      plugin->log().error("stop failed: unknown exception");
    }
  }

  static void destroy(void* instance) noexcept { delete static_cast<Plugin*>(instance); }

  static int32_t invoke(void* user, const apiary_request* raw, apiary_response* out) {
    const HandlerSlot& slot = *static_cast<const HandlerSlot*>(user);
    const Request request(raw);
    try {
      slot.fn(request).writeTo(out);
      return APIARY_OK;
    } catch (const HttpError& e) {
      return renderError(slot.owner, e.status(), e.what(), raw, out);
    } catch (const DbError& e) {
      // Storage busy or away (a database restart, the pool exhausted): a 503 in the plugin's
      // envelope, as database.hpp promises, rather than a 500 for a handler that forgot to.
      if (e.isBusy() || e.isUnavailable()) {
        slot.owner->log().warning("storage unavailable: request_id=" + std::string(request.id()) +
                                  " error=" + e.what());
        return renderError(slot.owner, 503, "Storage unavailable", raw, out);
      }
      slot.owner->log().error("handler failed: request_id=" + std::string(request.id()) +
                              " error=" + e.what());
    } catch (const std::exception& e) {
      slot.owner->log().error("handler failed: request_id=" + std::string(request.id()) +
                              " error=" + e.what());
    } catch (...) {
      slot.owner->log().error("handler failed: request_id=" + std::string(request.id()) +
                              " error=unknown exception");
    }
    return APIARY_FAILED;  // the host answers 500 through format_error
  }

  static int32_t formatError(void* instance, int32_t status, apiary_str message,
                             const apiary_request* raw, apiary_response* out) {
    return renderError(static_cast<Plugin*>(instance), status, toView(message), raw, out);
  }

  static int32_t renderError(const Plugin* plugin, int status, std::string_view message,
                             const apiary_request* raw, apiary_response* out) {
    try {
      plugin->formatError(status, message, Request(raw)).writeTo(out);
      return APIARY_OK;
    } catch (...) {
      return APIARY_FAILED;  // the host falls back to its own envelope
    }
  }
};

// The C side of WebSocket routes: the upgrade handler and the per-connection callbacks.
struct WebSocketCallbacks {
  static int32_t handle(void* user, const apiary_request* raw, apiary_response* out) {
    const HandlerSlot& slot = *static_cast<const HandlerSlot*>(user);
    const Request request(raw);
    try {
      if (host().request_is_websocket(raw) == 0) {
        if (!slot.websocket->plain) throw HttpError(426, "Upgrade Required");
        slot.websocket->plain(request).writeTo(out);
        return APIARY_OK;
      }
      std::unique_ptr<WebSocketSession> session = slot.websocket->accept(request);
      if (session == nullptr) throw HttpError(403, "Forbidden");
      if (host().ws_accept(raw, out, session.get()) == 0)
        throw HttpError(503, "Too many WebSocket connections");
      session.release();  // deleted after onClose
      return APIARY_OK;
    } catch (const HttpError& e) {
      try {
        slot.owner->formatError(e.status(), e.what(), request).writeTo(out);
        return APIARY_OK;
      } catch (...) {
        return APIARY_FAILED;
      }
    } catch (const std::exception& e) {
      slot.owner->log().error("WebSocket handler failed: request_id=" +
                              std::string(request.id()) + " error=" + e.what());
    } catch (...) {
      slot.owner->log().error("WebSocket handler failed: request_id=" +
                              std::string(request.id()) + " error=unknown exception");
    }
    return APIARY_FAILED;
  }

  static void open(void* user, uint64_t conn, void* state) {
    const HandlerSlot& slot = *static_cast<const HandlerSlot*>(user);
    auto* session = static_cast<WebSocketSession*>(state);
    session->link_ = WebSocketLink(slot.ctx, conn);
    try {
      session->onOpen();
    } catch (const std::exception& e) {
      slot.owner->log().error(std::string("WebSocket onOpen failed: ") + e.what());
      session->link_.close(1011, "Internal error");
    } catch (...) {
      session->link_.close(1011, "Internal error");
    }
  }

  static int32_t message(void* user, uint64_t, void* state, int32_t type, const void* data,
                         size_t size) {
    const HandlerSlot& slot = *static_cast<const HandlerSlot*>(user);
    auto* session = static_cast<WebSocketSession*>(state);
    const std::string_view text(static_cast<const char*>(data), size);
    try {
      if (type == APIARY_WS_TEXT) session->onText(text);
      else session->onBinary(text);
      return APIARY_OK;
    } catch (const std::exception& e) {
      slot.owner->log().error(std::string("WebSocket message handler failed: ") + e.what());
    } catch (...) {
      slot.owner->log().error("WebSocket message handler failed: unknown exception");
    }
    return APIARY_FAILED;  // the host closes with 1011
  }

  static void close(void* user, uint64_t, void* state, int32_t code, apiary_str reason) {
    const HandlerSlot& slot = *static_cast<const HandlerSlot*>(user);
    std::unique_ptr<WebSocketSession> session(static_cast<WebSocketSession*>(state));
    try {
      session->onClose(code, toView(reason));
    } catch (const std::exception& e) {
      slot.owner->log().error(std::string("WebSocket onClose failed: ") + e.what());
    } catch (...) {
      slot.owner->log().error("WebSocket onClose failed: unknown exception");
    }
  }

  static const apiary_websocket_handlers* table(bool acceptsBinary) {
    static const apiary_websocket_handlers withBinary{sizeof(apiary_websocket_handlers), &open,
                                                      &message, &close, 1};
    static const apiary_websocket_handlers textOnly{sizeof(apiary_websocket_handlers), &open,
                                                    &message, &close, 0};
    return acceptsBinary ? &withBinary : &textOnly;
  }
};

// A plugin class may declare `static constexpr uint32_t kKind`; routes by default.
template <class T>
constexpr uint32_t kindOf() {
  if constexpr (requires { T::kKind; })
    return T::kKind;
  else
    return APIARY_KIND_ROUTES;
}

template <class T>
const apiary_plugin_descriptor* entry(const apiary_host_info* info) {
  if (info == nullptr || info->magic != APIARY_ABI_MAGIC || info->abi_major != APIARY_ABI_MAJOR ||
      info->api == nullptr)
    return nullptr;
  hostApi = info->api;
  using Tr = Trampolines<T>;
  static const apiary_plugin_descriptor descriptor = {
      sizeof(apiary_plugin_descriptor),
      APIARY_ABI_MAGIC,
      APIARY_ABI_MAJOR,
      APIARY_ABI_MINOR,
      kindOf<T>(),
      T::kName,
      T::kVersion,
      &Tr::validate,
      &Tr::create,
      &Tr::registerRoutes,
      &Tr::start,
      &Tr::stop,
      &Tr::destroy,
      &Tr::formatError,
      &Tr::runCommand,
      &Tr::authenticate,
  };
  return &descriptor;
}

}  // namespace detail

inline Router& Router::websocket(std::string_view pattern, WebSocketRoute route,
                                 std::string_view summary, const std::optional<Policy>& policy) {
  if (host().struct_size < APIARY_HOST_API_MIN_SIZE_1_5)
    throw std::invalid_argument("WebSocket routes need an apiary host with ABI 1.5");
  const bool binary = route.acceptsBinary;
  HandlerSlot& stored = slots_.emplace_back(HandlerSlot{
      owner_, {}, std::make_shared<WebSocketRoute>(std::move(route)), ctx_});
  apiary_route_def def{};
  def.struct_size = sizeof(def);
  def.method = toStr("GET");
  def.pattern = toStr(pattern);
  def.summary = toStr(summary);
  def.handler = &detail::WebSocketCallbacks::handle;
  def.user = &stored;
  def.websocket = detail::WebSocketCallbacks::table(binary);
  std::optional<detail::RawPolicy> rawPolicy;
  if (policy) def.policy = &rawPolicy.emplace(*policy).raw;
  if (host().router_add(raw_, &def) == 0)
    throw std::invalid_argument("route refused: GET " + std::string(pattern));
  return *this;
}

}  // namespace apiary

// Exports PluginClass through the ABI's entry symbol. Use once per plugin library.
#define APIARY_PLUGIN(PluginClass)                                                        \
  extern "C" __attribute__((visibility("default"))) const apiary_plugin_descriptor*       \
  apiary_plugin_entry_v1(const apiary_host_info* host) {                                  \
    return ::apiary::detail::entry<PluginClass>(host);                                    \
  }
