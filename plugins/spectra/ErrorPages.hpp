// How errors look on the wire. A 404 for an unknown route or method is Express's default page
// (`Cannot GET /nope` in HTML with its CSP and nosniff headers), since that is what upstream sends
// and clients see; every other error the host makes (413 body too large, 400 malformed path,
// 500, 503 ...) is the JSON envelope {"error": "..."} upstream uses for its own errors.
#pragma once

#include <apiary/database.hpp>
#include <apiary/request.hpp>
#include <apiary/response.hpp>
#include <apiary/router.hpp>

#include <string>
#include <string_view>

namespace spectra {

class ErrorPages {
 public:
  static apiary::Response render(int status, std::string_view message,
                                 const apiary::Request& request);
  // {"error": message} with Express's JSON content type.
  static apiary::Response json(int status, std::string_view message);
  // finalhandler's page: `Cannot <METHOD> <path>`, the path as received (encodeurl'd).
  static apiary::Response expressNotFound(std::string_view method, std::string_view rawPath);

  // A handler whose storage being busy or down answers 503 {"error":"Storage unavailable"}
  // (other storage errors stay bugs: 500).
  template <class Fn>
  static apiary::Handler guardStorage(Fn fn) {
    return [fn = std::move(fn)](const apiary::Request& request) -> apiary::Response {
      try {
        return fn(request);
      } catch (const apiary::DbError& e) {
        if (e.isBusy() || e.isUnavailable()) return json(503, "Storage unavailable");
        throw;
      }
    };
  }

  // escape-html (Express): & < > " ' as &amp; &lt; &gt; &quot; &#39;. Also used by the
  // backend-tebex-oauth plugin, which compiles this file in.
  static std::string escapeHtml(std::string_view text);

 private:
  static std::string encodeUrl(std::string_view text);
};

}  // namespace spectra
