#include "MatchRoutes.hpp"

#include "ErrorPages.hpp"
#include "QueryParams.hpp"

namespace spectra {

void MatchRoutes::registerOn(apiary::Router& router) const {
  router.get("/status",
             ErrorPages::guardStorage([this](const apiary::Request& r) { return status(r); }),
             "Health and the number of live matches");
  router.get("/getTeamInfoForCode",
             ErrorPages::guardStorage([this](const apiary::Request& r) { return teamInfo(r); }),
             "Team info of a finished match by group code (?groupCode=)");
}

apiary::Response MatchRoutes::status(const apiary::Request&) const {
  return apiary::Response::json(
      200, Json{{"status", "UP"}, {"matchesRunning", matches_.countLive(clock_.wallMs())}}.dump());
}

apiary::Response MatchRoutes::teamInfo(const apiary::Request& request) const {
  const std::optional<std::string> code = QueryParams(request.queryString()).string("groupCode");
  if (!code || code->empty()) return ErrorPages::json(400, "Group code is required");
  // A table lookup: "__proto__" or "constructor" are just unknown codes here (upstream: 200).
  const std::optional<std::string> info = matches_.teamInfo(*code, clock_.wallMs());
  if (!info) return ErrorPages::json(404, "Group code not found");
  return apiary::Response::json(200, *info);
}

}  // namespace spectra
