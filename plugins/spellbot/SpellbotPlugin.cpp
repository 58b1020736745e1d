#include "SpellbotPlugin.hpp"

#include "DemoData.hpp"
#include "Replies.hpp"
#include "SpellbotSchema.hpp"

#include <cstdlib>

namespace spellbot {
namespace {

constexpr int64_t kDay = 86400000;

bool httpBase(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

}  // namespace

void SpellbotPlugin::configure(const apiary::ConfigReader& config) {
  SpellbotSettings& s = settings_;
  s.authProvider = config.string("auth_provider", s.authProvider);
  if (s.authProvider.empty()) config.fail("auth_provider", "must name an authenticator instance");
  s.rateLimit = config.boolean("rate_limit", s.rateLimit);
  s.realm = config.string("realm", s.realm);
  if (s.realm.empty()) config.fail("realm", "must not be empty");
  s.demo = config.boolean("demo", s.demo);
  const std::string redisUrl = config.string("redis_url", "");
  if (!redisUrl.empty()) {
    s.redis = RedisEndpoint::parse(redisUrl);
    if (!s.redis) config.fail("redis_url", "expected redis://[[user]:password@]host[:port][/db]");
  }
  s.redisTimeoutMs = config.integer("redis_timeout_ms", s.redisTimeoutMs, 50, 60000);

  const apiary::ConfigReader discord = config.object("discord");
  s.discordApiUrl = discord.string("api_url", s.discordApiUrl);
  while (!s.discordApiUrl.empty() && s.discordApiUrl.back() == '/') s.discordApiUrl.pop_back();
  if (!httpBase(s.discordApiUrl)) discord.fail("api_url", "must be an http:// or https:// URL");
  s.botToken = discord.string("bot_token", "");
  const std::string tokenEnv = discord.string("bot_token_env", "");
  if (!tokenEnv.empty() && s.botToken.empty()) {
    if (const char* value = std::getenv(tokenEnv.c_str())) s.botToken = value;
  }
  if (s.botToken.find_first_of("\r\n") != std::string::npos)
    discord.fail("bot_token", "must not contain line breaks");
  s.defaultLogo = discord.string("default_logo", s.defaultLogo);
  s.embedIconUrl = discord.string("embed_icon_url", s.embedIconUrl);
  s.logoTimeoutMs = discord.integer("logo_timeout_ms", s.logoTimeoutMs, 100, 60000);
  s.logoRetryMs = discord.integer("logo_retry_ms", s.logoRetryMs, 0, 30 * kDay);
  const apiary::ConfigReader dm = discord.object("dm");
  s.dm.attempts = dm.integer("attempts", s.dm.attempts, 1, 20);
  s.dm.retryMinMs = dm.integer("retry_min_ms", s.dm.retryMinMs, 0, 3600000);
  s.dm.retryMaxMs = dm.integer("retry_max_ms", s.dm.retryMaxMs, 0, 3600000);
  if (s.dm.retryMaxMs < s.dm.retryMinMs) dm.fail("retry_max_ms", "must be >= retry_min_ms");
  s.dm.timeoutMs = dm.integer("timeout_ms", s.dm.timeoutMs, 100, 120000);
  s.dm.replyWaitMs = dm.integer("reply_wait_ms", s.dm.replyWaitMs, 0, 120000);
  s.dm.queueLimit = dm.integer("queue_limit", s.dm.queueLimit, 1, 1000000);
}

std::vector<apiary::Migration> SpellbotPlugin::migrations() const {
  return SpellbotSchema::migrations();
}

void SpellbotPlugin::routes(apiary::Router& router) {
  // Upstream's security_headers_middleware; the host adds them to every response, errors too.
  router.defaultHeader("X-Content-Type-Options", "nosniff")
      .defaultHeader("X-Frame-Options", "DENY")
      .defaultHeader("X-XSS-Protection", "1; mode=block")
      .defaultHeader("Referrer-Policy", "strict-origin-when-cross-origin");

  // Upstream's auth_middleware gates every /api path before routing; the required scope is the
  // second path segment. /api/game is the only API prefix that exists; other /api paths are
  // authenticated here and their scope is checked in formatError (see there).
  apiary::Policy api;
  api.providers = {settings_.authProvider};
  api.throttleFailures = settings_.rateLimit ? 10 : 0;  // upstream limits only with Redis
  router.prefixPolicy("/api", api);
  apiary::Policy game = api;
  game.scopes = {"game"};
  router.prefixPolicy("/api/game", game);

  const SpellbotStore store(context());
  logos_ = std::make_unique<GuildLogos>(settings_, store, http(), clock(), log());
  notifier_ = std::make_unique<DiscordNotifier>(settings_, http(), log());
  status_ = std::make_unique<StatusRoutes>(settings_, store, clock(), log());
  queues_ = std::make_unique<QueueRoutes>(store, *logos_, clock());
  pages_ = std::make_unique<GamePages>(store);
  api_ = std::make_unique<GameApi>(settings_, store, clock(), *notifier_, log());
  status_->add(router);
  queues_->add(router);
  pages_->add(router);
  api_->add(router);
}

void SpellbotPlugin::start() {
  notifier_->start();
  if (settings_.demo) {
    const DemoData demo(SpellbotStore(context()), clock(), log());
    demo.seed();
    demo.ensureToken(credentials(), settings_.realm);
    demo.heartbeat();
    timers().every(std::chrono::seconds(30), [demo] { demo.heartbeat(); });
  }
}

void SpellbotPlugin::stop() {
  if (notifier_) notifier_->stop();
}

apiary::Response SpellbotPlugin::formatError(int status, std::string_view message,
                                             const apiary::Request& request) const {
  const std::string_view code = request.errorCode();
  if (code == "auth.missing") return errorReply(401, "Missing or invalid Authorization header");
  if (code == "auth.invalid" || code == "auth.scope") return errorReply(403, "Unauthorized");
  if (code == "auth.throttled") return errorReply(429, "Too many requests");
  if (code == "auth.unavailable") return errorReply(503, "Authentication unavailable");
  if (code == "route.not_found") {
    // Under /api the caller passed authentication; upstream still requires the scope named by
    // the second path segment before routing (a path too short for one fails).
    const std::string_view path = request.path();
    if (path == "/api" || path.rfind("/api/", 0) == 0) {
      std::string_view rest = path.substr(std::min<size_t>(path.size(), 5));
      const std::string_view scope = rest.substr(0, rest.find('/'));
      if (scope.empty() || !request.hasScope(scope)) return errorReply(403, "Unauthorized");
    }
    return apiary::Response::text(404, "404: Not Found");
  }
  if (code == "route.method") return apiary::Response::text(405, "405: Method Not Allowed");
  return errorReply(status, std::string(message));
}

}  // namespace spellbot
