#include "Envelope.hpp"

namespace spectrum {

apiary::Response Envelope::ok(Json data) {
  Json body = Json::object();
  body["succeed"] = true;
  body["data"] = std::move(data);
  return apiary::Response::json(200, body.dump());
}

apiary::Response Envelope::error(int status, std::string_view code, std::string_view message) {
  Json body = Json::object();
  body["succeed"] = false;
  body["code"] = code;
  body["message"] = message;
  // Replace, not throw, on invalid UTF-8 in a message that quotes client input.
  apiary::Response response =
      apiary::Response::json(status, body.dump(-1, ' ', false, Json::error_handler_t::replace));
  if (status == 401) response.setHeader("WWW-Authenticate", "Basic realm=\"spectrum\"");
  return response;
}

std::string Envelope::codeForStatus(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "not_found";
    case 408: return "timeout";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 422: return "validation_error";
    case 429: return "rate_limited";
    case 431: return "headers_too_large";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "error";
  }
}

}  // namespace spectrum
