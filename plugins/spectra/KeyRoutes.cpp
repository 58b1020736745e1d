#include "KeyRoutes.hpp"

#include "ErrorPages.hpp"
#include "QueryParams.hpp"

namespace spectra {

void KeyRoutes::registerOn(apiary::Router& router) const {
  router.get("/getOrgForKey",
             ErrorPages::guardStorage([this](const apiary::Request& r) { return orgForKey(r); }),
             "Organisation of an access key (?key=)");
}

apiary::Response KeyRoutes::orgForKey(const apiary::Request& request) const {
  const std::optional<std::string> key = QueryParams(request.queryString()).string("key");
  if (!key || key->empty()) return ErrorPages::json(400, "Key is required");
  const KeyCheck check = keys_.orgForKey(*key);
  if (check.outcome == KeyCheck::Outcome::Unavailable)
    return ErrorPages::json(503, "Key backend unavailable");
  if (!check.valid())  // upstream: res.send("401 Unauthorized"), hence HTML
    return apiary::Response::text(401, "401 Unauthorized", "text/html; charset=utf-8");
  return apiary::Response::json(
      200, Json{{"id", check.orgId}, {"name", check.orgName}, {"isSupporter", check.isSupporter}}
               .dump());
}

}  // namespace spectra
