#include "OAuthPages.hpp"

#include <nlohmann/json.hpp>

namespace backend_tebex_oauth {
namespace {
constexpr const char* kHex = "0123456789ABCDEF";
}

apiary::Response OAuthPages::render(int status, std::string_view message,
                                    const apiary::Request& request) {
  if (status == 404 && request.errorCode() == "route.not_found")
    return expressNotFound(request.method(), request.path());
  return json(status, message);
}

apiary::Response OAuthPages::json(int status, std::string_view message) {
  return apiary::Response::json(status, nlohmann::ordered_json{{"error", message}}.dump());
}

apiary::Response OAuthPages::expressNotFound(std::string_view method, std::string_view rawPath) {
  const std::string text = escapeHtml("Cannot " + std::string(method) + " " + encodeUrl(rawPath));
  std::string shaped;  // createHtmlDocument: newlines become <br>, double spaces " &nbsp;"
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      shaped += "<br>";
    } else if (text[i] == ' ' && i + 1 < text.size() && text[i + 1] == ' ') {
      shaped += " &nbsp;";
      ++i;
    } else {
      shaped += text[i];
    }
  }
  apiary::Response response(404);
  response.setHeader("Content-Security-Policy", "default-src 'none'");
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("Content-Type", "text/html; charset=utf-8");
  response.setBody(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>Error</title>\n</head>\n<body>\n<pre>" +
      shaped + "</pre>\n</body>\n</html>\n");
  return response;
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
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
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

std::string OAuthPages::encodeUrl(std::string_view text) {
  // encodeurl 1.0: keep the characters it allows and valid %XX escapes, encode the rest.
  static const std::string_view allowed =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
      "!&'()*+,-./:;=?@[]_~";
  auto isHex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '%' && i + 2 < text.size() && isHex(text[i + 1]) && isHex(text[i + 2])) ||
        allowed.find(c) != std::string_view::npos) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0x0F];
    }
  }
  return out;
}

}  // namespace backend_tebex_oauth
