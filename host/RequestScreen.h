// Checks on a parsed request that Poco 1.11 lets through but that apiary refuses with 400
// before any route runs: ambiguous body framing (request smuggling shapes) and request targets
// that carry NUL, control bytes or invalid UTF-8 once percent-decoded.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <string>
#include <string_view>

namespace apiary {

class RequestScreen {
 public:
  // Framing a front proxy could read differently from Poco: Content-Length together with
  // Transfer-Encoding, several or malformed Content-Length values, any coding but exactly one
  // "chunked", Transfer-Encoding on HTTP/1.0, whitespace in a header name ("Transfer-Encoding :").
  // Returns false with the reason; the connection must then be closed.
  static bool framingIsUnambiguous(const Poco::Net::HTTPServerRequest& request, std::string& why);

  // The path and the query, percent-decoded, must be UTF-8 without NUL; the path also without
  // other C0 controls or DEL.
  static bool targetIsClean(std::string_view path, std::string_view query, std::string& why);

  // The request announced a body (Content-Length above 0 or chunked).
  static bool announcesBody(const Poco::Net::HTTPServerRequest& request);
};

}  // namespace apiary
