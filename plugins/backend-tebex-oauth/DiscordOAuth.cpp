#include "DiscordOAuth.hpp"

#include "OAuthPages.hpp"

#include <nlohmann/json.hpp>

#include <chrono>

namespace backend_tebex_oauth {
namespace {

constexpr const char* kUserError = "Failed to fetch user data";

// A JSON value as a JS template literal shows it: strings as is, null as "null".
std::string text(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) return "undefined";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// An outbound failure: 504 on timeout, 502 otherwise.
apiary::Response unreachable(const apiary::HttpResult& result) {
  return OAuthPages::json(result.timedOut() ? 504 : 502, kUserError);
}

}  // namespace

DiscordOAuth::DiscordOAuth(const BackendSettings& settings, apiary::HttpClient http)
    : settings_(settings), http_(http) {}

std::string DiscordOAuth::tokenRequestBody(const std::string& code) const {
  return "client_id=" + OAuthPages::encodeComponent(settings_.discordClientId) +
         "&client_secret=" + OAuthPages::encodeComponent(settings_.discordClientSecret) +
         "&grant_type=authorization_code&code=" + OAuthPages::encodeComponent(code) +
         "&redirect_uri=" + OAuthPages::encodeComponent(settings_.discordRedirectUri);
}

std::string DiscordOAuth::deepLink(const std::string& userId, const std::string& username,
                                   const std::string& avatar) const {
  return settings_.clientDeepLink + "?userId=" + OAuthPages::encodeComponent(userId) +
         "&username=" + OAuthPages::encodeComponent(username) +
         "&avatar=" + OAuthPages::encodeComponent(avatar);
}

apiary::HttpRequest DiscordOAuth::outbound(std::string method, std::string url) const {
  apiary::HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.connectTimeout = std::chrono::milliseconds(settings_.connectTimeoutMs);
  request.totalTimeout = std::chrono::milliseconds(settings_.timeoutMs);
  return request;
}

apiary::Response DiscordOAuth::handle(const apiary::Request& request) const {
  const auto code = request.query("code");
  if (!code || code->empty()) return OAuthPages::json(400, "Missing code");

  // 1. The code for a token.
  apiary::HttpRequest exchange = outbound("POST", settings_.discordTokenUrl);
  exchange.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                      {"Accept", "application/json"}};
  exchange.body = tokenRequestBody(std::string(*code));
  const apiary::HttpResult token = http_.send(exchange);
  if (!token.ok()) return unreachable(token);
  const nlohmann::json tokenJson = nlohmann::json::parse(token.body, nullptr, false);
  const bool hasToken = tokenJson.is_object() && tokenJson.contains("access_token") &&
                        tokenJson["access_token"].is_string() &&
                        !tokenJson["access_token"].get<std::string>().empty();
  // Upstream does not check the token answer and Discord then refuses users/@me with 401;
  // this answers the same without sending a token "undefined".
  if (token.status < 200 || token.status > 299 || !hasToken) {
    if (token.status >= 500) return OAuthPages::json(502, kUserError);
    return OAuthPages::json(401, kUserError);
  }
  std::string tokenType = "Bearer";
  if (const auto t = tokenJson.find("token_type");
      t != tokenJson.end() && t->is_string() && !t->get<std::string>().empty() &&
      t->get<std::string>().find_first_of("\r\n") == std::string::npos)
    tokenType = t->get<std::string>();
  const std::string accessToken = tokenJson["access_token"].get<std::string>();
  if (accessToken.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
    return OAuthPages::json(502, kUserError);

  // 2. Who logged in.
  apiary::HttpRequest who = outbound("GET", settings_.discordUserUrl);
  who.headers = {{"Authorization", tokenType + " " + accessToken}, {"Accept", "application/json"}};
  const apiary::HttpResult user = http_.send(who);
  if (!user.ok()) return unreachable(user);
  if (user.status != 200) {
    // Upstream answers Discord's status; one that is not an HTTP error status is a bad gateway.
    const int status = user.status >= 400 && user.status <= 599 ? user.status : 502;
    return OAuthPages::json(status, kUserError);
  }
  const nlohmann::json userJson = nlohmann::json::parse(user.body, nullptr, false);
  if (!userJson.is_object() || !userJson.contains("id")) return OAuthPages::json(502, kUserError);

  const std::string username = text(userJson, "username");
  std::string displayName = username;
  if (const auto g = userJson.find("global_name");
      g != userJson.end() && g->is_string() && !g->get<std::string>().empty())
    displayName = g->get<std::string>();
  return OAuthPages::success(displayName,
                             deepLink(text(userJson, "id"), username, text(userJson, "avatar")));
}

}  // namespace backend_tebex_oauth
