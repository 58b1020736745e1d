#include "ErrorPages.hpp"

#include <nlohmann/json.hpp>

namespace spectra {

apiary::Response ErrorPages::render(int status, std::string_view message,
                                    const apiary::Request& request) {
  if (status == 404 && request.errorCode() == "route.not_found")
    return expressNotFound(request.method(), request.path());
  return json(status, message);
}

apiary::Response ErrorPages::json(int status, std::string_view message) {
  return apiary::Response::json(status, nlohmann::ordered_json{{"error", message}}.dump());
}

apiary::Response ErrorPages::expressNotFound(std::string_view method, std::string_view rawPath) {
  const std::string text = "Cannot " + std::string(method) + " " + encodeUrl(rawPath);
  std::string body = escapeHtml(text);
  // createHtmlDocument: newlines become <br>, double spaces " &nbsp;".
  std::string shaped;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\n') {
      shaped += "<br>";
    } else if (body[i] == ' ' && i + 1 < body.size() && body[i + 1] == ' ') {
      shaped += " &nbsp;";
      ++i;
    } else {
      shaped += body[i];
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

std::string ErrorPages::escapeHtml(std::string_view text) {
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

std::string ErrorPages::encodeUrl(std::string_view text) {
  // encodeurl 1.0: keep the characters it allows and valid %XX escapes, encode the rest.
  static const std::string_view allowed =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
      "!&'()*+,-./:;=?@[]_~";
  static const char* digits = "0123456789ABCDEF";
  auto isHex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size() && isHex(text[i + 1]) && isHex(text[i + 2])) {
      out += c;
    } else if (allowed.find(c) != std::string_view::npos) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += digits[b >> 4];
      out += digits[b & 0x0F];
    }
  }
  return out;
}

}  // namespace spectra
