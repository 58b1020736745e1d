// GET /client/oauth-callback?code=...: exchanges the authorization code at Discord's token URL,
// fetches the user (users/@me) and answers upstream's success page, which hands the user to the
// Spectra Client through its deep link. Nothing is stored. The client secret never appears in a
// log line or a response.
#pragma once

#include "BackendSettings.hpp"

#include <apiary/http_client.hpp>
#include <apiary/request.hpp>
#include <apiary/response.hpp>

#include <string>

namespace backend_tebex_oauth {

class DiscordOAuth {
 public:
  DiscordOAuth(const BackendSettings& settings, apiary::HttpClient http);

  apiary::Response handle(const apiary::Request& request) const;

  // application/x-www-form-urlencoded body of the token request.
  std::string tokenRequestBody(const std::string& code) const;
  // <deeplink>?userId=..&username=..&avatar=.. with every value URL-encoded.
  std::string deepLink(const std::string& userId, const std::string& username,
                       const std::string& avatar) const;

 private:
  apiary::HttpRequest outbound(std::string method, std::string url) const;

  const BackendSettings& settings_;
  apiary::HttpClient http_;
};

}  // namespace backend_tebex_oauth
