// Response shapes shared by the route classes: JSON as aiohttp's json_response writes it
// (Python json.dumps), the {"error": ...} envelope, HTML.
#pragma once

#include "PythonSemantics.hpp"

#include <apiary/response.hpp>

namespace spellbot {

inline apiary::Response jsonReply(int status, const nlohmann::ordered_json& body) {
  return apiary::Response::json(status, PythonSemantics::dumps(body));
}

inline apiary::Response errorReply(int status, const std::string& message) {
  return jsonReply(status, nlohmann::ordered_json{{"error", message}});
}

inline apiary::Response htmlReply(int status, std::string body) {
  return apiary::Response::text(status, std::move(body), "text/html; charset=utf-8");
}

}  // namespace spellbot
