#include "RequestScreen.h"

#include <apiary/utf8.hpp>

#include <Poco/String.h>

#include <algorithm>
#include <optional>

namespace apiary {
namespace {

bool isHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return (c | 0x20) - 'a' + 10;
}

// Decodes %XX escapes; a malformed escape is kept literally (the route table answers those).
std::string percentDecoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && isHex(text[i + 1]) && isHex(text[i + 2])) {
      out.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// Well-formed UTF-8 (apiary::utf8::valid: no overlongs, surrogates or code points past
// U+10FFFF) without NUL, and with controls false also without other C0 controls or DEL.
bool cleanUtf8(std::string_view s, bool controls) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0 || (!controls && (c < 0x20 || c == 0x7f))) return false;
  }
  return utf8::valid(s);
}

bool allDigits(const std::string& s) {
  return !s.empty() && s.size() <= 18 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ASCII case-insensitive name test that looks at the length first: it runs for every header of
// every request, and Poco::icompare lower-cases both strings character by character whatever
// their lengths. `field` is given in its canonical case; letters compare with bit 0x20 folded.
bool isField(std::string_view name, std::string_view field) {
  if (name.size() != field.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char a = name[i], b = field[i];
    const bool letter = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    if (a != b && !(letter && (a | 0x20) == (b | 0x20))) return false;
  }
  return true;
}

// Decodes only when there is something to decode: most targets have no escapes, and this runs
// on every request.
bool cleanTarget(std::string_view text, bool controls) {
  if (text.find('%') == std::string_view::npos) return cleanUtf8(text, controls);
  return cleanUtf8(percentDecoded(text), controls);
}

}  // namespace

bool RequestScreen::framingIsUnambiguous(const Poco::Net::HTTPServerRequest& request,
                                         std::string& why) {
  std::optional<std::string> length;
  int codings = 0;
  std::string coding;
  for (const auto& [name, value] : request) {
    if (name.find_first_of(" \t") != std::string::npos) {
      why = "Whitespace in a header field name";
      return false;
    }
    if (isField(name, "Content-Length")) {
      const std::string v = Poco::trim(value);
      if (!allDigits(v)) {
        why = "Invalid Content-Length";
        return false;
      }
      if (length && *length != v) {
        why = "Conflicting Content-Length headers";
        return false;
      }
      length = v;
    } else if (isField(name, "Transfer-Encoding")) {
      ++codings;
      coding = Poco::trim(value);
    }
  }
  if (codings == 0) return true;
  if (length) {
    why = "Both Content-Length and Transfer-Encoding";
    return false;
  }
  if (request.getVersion() == Poco::Net::HTTPMessage::HTTP_1_0) {
    why = "Transfer-Encoding in an HTTP/1.0 request";
    return false;
  }
  if (codings != 1 || Poco::icompare(coding, "chunked") != 0) {
    why = "Unsupported Transfer-Encoding (only chunked)";
    return false;
  }
  return true;
}

bool RequestScreen::targetIsClean(std::string_view path, std::string_view query, std::string& why) {
  if (!cleanTarget(path, false)) {
    why = "Path contains NUL, control characters or invalid UTF-8";
    return false;
  }
  // Query values may carry text with line breaks or tabs; NUL and broken UTF-8 never.
  if (!cleanTarget(query, true)) {
    why = "Query contains NUL or invalid UTF-8";
    return false;
  }
  return true;
}

bool RequestScreen::announcesBody(const Poco::Net::HTTPServerRequest& request) {
  return request.getChunkedTransferEncoding() ||
         (request.hasContentLength() && request.get("Content-Length", "0") != "0");
}

}  // namespace apiary
