// How this plugin's answers look on the wire: the JSON error envelope {"error": "..."} upstream
// uses, Express's 404 page for unknown paths (the same page the sibling spectra plugin renders),
// the Discord OAuth success page, and the encoders they need.
#pragma once

#include <apiary/request.hpp>
#include <apiary/response.hpp>

#include <string>
#include <string_view>

namespace backend_tebex_oauth {

class OAuthPages {
 public:
  // formatError: Express's 404 page for route misses, the JSON envelope otherwise; these three
  // and escapeHtml are spectra::ErrorPages' (compiled in), so both plugins answer alike.
  static apiary::Response render(int status, std::string_view message,
                                 const apiary::Request& request);
  // {"error": message} as application/json; charset=utf-8.
  static apiary::Response json(int status, std::string_view message);
  // finalhandler's page: `Cannot <METHOD> <path>`.
  static apiary::Response expressNotFound(std::string_view method, std::string_view rawPath);
  // The page upstream answers after a successful login: greets the user (HTML-escaped) and
  // opens deepLink (already URL-encoded) after 2 s, with a button as a fallback.
  static apiary::Response success(std::string_view displayName, std::string_view deepLink);

  // encodeURIComponent: everything but A-Z a-z 0-9 - _ . ! ~ * ' ( ) as %XX (UTF-8 bytes).
  static std::string encodeComponent(std::string_view text);
  static std::string escapeHtml(std::string_view text);

 private:
  // A JavaScript string literal safe inside <script> (no "</script>", no line terminators).
  static std::string jsString(std::string_view text);
};

}  // namespace backend_tebex_oauth
