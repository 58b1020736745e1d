#include "OAuthPages.hpp"

#include "ErrorPages.hpp"  // plugins/spectra: the same pages on the same listener

#include <nlohmann/json.hpp>

namespace backend_tebex_oauth {
namespace {
constexpr const char* kHex = "0123456789ABCDEF";
}

apiary::Response OAuthPages::render(int status, std::string_view message,
                                    const apiary::Request& request) {
  return spectra::ErrorPages::render(status, message, request);
}

apiary::Response OAuthPages::json(int status, std::string_view message) {
  return spectra::ErrorPages::json(status, message);
}

apiary::Response OAuthPages::expressNotFound(std::string_view method, std::string_view rawPath) {
  return spectra::ErrorPages::expressNotFound(method, rawPath);
}

apiary::Response OAuthPages::success(std::string_view displayName, std::string_view deepLink) {
  const std::string link = escapeHtml(deepLink);
  std::string body =
      "<!DOCTYPE html>\n"
      "<html>\n"
      "<head>\n"
      "  <meta charset=\"utf-8\">\n"
      "  <title>Discord OAuth Success</title>\n"
      "  <style>\n"
      "    body { font-family: sans-serif; text-align: center; padding: 50px; }\n"
      "    .button { display: inline-block; padding: 10px 20px; background: #5865F2; color: #fff;"
      " text-decoration: none; border-radius: 5px; }\n"
      "  </style>\n"
      "</head>\n"
      "<body>\n"
      "  <h1>Discord Login Successful</h1>\n"
      "  <p>Welcome, " +
      escapeHtml(displayName) +
      "!</p>\n"
      "  <p>You will be redirected to the Spectra Client shortly.</p>\n"
      "  <a class=\"button\" href=\"" +
      link +
      "\">Open Spectra Client</a>\n"
      "  <script>\n"
      "    setTimeout(function () { window.location.href = " +
      jsString(deepLink) +
      "; }, 2000);\n"
      "  </script>\n"
      "</body>\n"
      "</html>\n";
  return apiary::Response::text(200, std::move(body), "text/html; charset=utf-8");
}

std::string OAuthPages::encodeComponent(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    const bool keep = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') ||
                      std::string_view("-_.!~*'()").find(c) != std::string_view::npos;
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0x0F];
    }
  }
  return out;
}

std::string OAuthPages::escapeHtml(std::string_view text) {
  return spectra::ErrorPages::escapeHtml(text);
}

std::string OAuthPages::jsString(std::string_view text) {
  // JSON is a JS literal; escape what could end the script element or start markup.
  const std::string quoted = nlohmann::json(std::string(text)).dump();
  std::string out;
  for (char c : quoted) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace backend_tebex_oauth
