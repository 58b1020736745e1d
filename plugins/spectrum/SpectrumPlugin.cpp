#include "SpectrumPlugin.hpp"

#include "DemoData.hpp"
#include "SpectrumCommand.hpp"
#include "SpectrumSchema.hpp"

namespace spectrum {

struct SpectrumPlugin::Services {
  ProjectStore projects;
  ProjectCredentials credentials;
  WebhookStore webhooks;
  LineStore lines;
  UserStore users;
  EventEmitter events;
};

SpectrumPlugin::SpectrumPlugin() = default;

// Workers stop before the services they use go away.
SpectrumPlugin::~SpectrumPlugin() {
  if (delivery_) delivery_->stop();
}

void SpectrumPlugin::configure(const apiary::ConfigReader& config) {
  settings_.read(config);
}

SpectrumPlugin::Services& SpectrumPlugin::services() {
  if (!services_) {
    const apiary::Database db = database();
    const apiary::Clock now = clock();
    const ProjectStore projects(db, now);
    services_ = std::make_unique<Services>(Services{
        projects, ProjectCredentials(projects, credentials(), settings_.realm),
        WebhookStore(db, now), LineStore(db, now), UserStore(db, now), EventEmitter(db, now)});
  }
  return *services_;
}

void SpectrumPlugin::routes(apiary::Router& router) {
  Services& s = services();
  std::optional<RateLimiter> limiter;
  if (settings_.rateLimit) limiter.emplace(database(), clock(), settings_.requestsPerSecond);
  guard_ = std::make_unique<ProjectGuard>(s.projects, std::move(limiter));
  delivery_ = std::make_unique<WebhookDelivery>(
      database(), clock(), http(), log(), settings_.delivery,
      WebhookDelivery::Counters{
          counter("spectrum_webhook_attempts_total", "Webhook delivery attempts."),
          counter("spectrum_webhook_delivered_total", "Webhook deliveries acknowledged (2xx)."),
          counter("spectrum_webhook_failed_total", "Webhook deliveries given up.")});
  projectRoutes_ = std::make_unique<ProjectRoutes>(s.projects, s.credentials);
  webhookRoutes_ = std::make_unique<WebhookRoutes>(s.webhooks, s.events, *delivery_, clock());
  platformRoutes_ = std::make_unique<PlatformRoutes>(s.projects);
  lineRoutes_ = std::make_unique<LineRoutes>(s.lines, Billing(settings_.linePriceCents), clock());
  userRoutes_ = std::make_unique<UserRoutes>(s.users, s.lines, settings_.maxSharedUsers);

  // Elysia-like matching as Photon's server: /x and /x/ alike, an unknown method is a 404.
  router.options(APIARY_ROUTER_OPTIONAL_TRAILING_SLASH | APIARY_ROUTER_METHOD_MISMATCH_IS_404);
  // Every path under /projects needs the project's Basic credentials, unknown ones too.
  router.prefixPolicy("/projects", apiary::Policy{.providers = {settings_.authProvider},
                                                  .scopes = {},
                                                  .allowAnonymous = false,
                                                  .throttleFailures = 0});
  projectRoutes_->add(router, *guard_);
  webhookRoutes_->add(router, *guard_);
  platformRoutes_->add(router, *guard_);
  lineRoutes_->add(router, *guard_);
  userRoutes_->add(router, *guard_);
}

std::vector<apiary::Migration> SpectrumPlugin::migrations() const {
  return SpectrumSchema::migrations();
}

void SpectrumPlugin::start() {
  Services& s = services();
  if (settings_.demo) DemoData::seedIfEmpty(s.projects, s.credentials, s.lines, s.users, log());
  if (settings_.rateLimit) {
    const RateLimiter sweeper(database(), clock(), settings_.requestsPerSecond);
    timers().every(std::chrono::seconds(30), [sweeper] { sweeper.sweep(); });
  }
  if (delivery_) delivery_->start(timers());
}

void SpectrumPlugin::stop() {
  if (delivery_) delivery_->stop();
}

apiary::Response SpectrumPlugin::formatError(int status, std::string_view message,
                                             const apiary::Request& request) const {
  const std::string_view reason = request.errorCode();
  if (reason == "auth.missing" || reason == "auth.invalid")
    return Envelope::error(status, "unauthorized", Envelope::kUnauthorizedMessage);
  if (reason == "auth.throttled")
    return Envelope::error(status, "rate_limited", "Too many failed authentication attempts");
  if (reason == "auth.unavailable")
    return Envelope::error(status, "unavailable", "Authentication is unavailable, retry shortly");
  if (reason == "route.not_found" || reason == "route.method")
    return Envelope::error(status, "not_found", "Not found");
  if (status >= 500 && status != 503)
    return Envelope::error(status, "internal", "Internal server error");
  return Envelope::error(status, Envelope::codeForStatus(status), message);
}

int SpectrumPlugin::command(const std::vector<std::string>& args,
                            const apiary::CommandOutput& out) {
  Services& s = services();
  return SpectrumCommand(s.projects, s.credentials, s.lines, s.events).run(args, out);
}

}  // namespace spectrum
