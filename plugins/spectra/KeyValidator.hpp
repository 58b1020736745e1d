// Upstream's key checks, in its order, plus keys the operator issues in apiary:
//
//   isValidKey (PUT /createPreview; the ingest's obs_logon):
//     1. require_auth_key false (REQUIRE_AUTH_KEY=false)  -> valid, no organisation
//     2. the static auth_key (AUTH_KEY), strict string equality -> valid, no organisation
//     3. an operator-issued key (`apiary spectra key create`) -> valid, its organisation
//     4. the remote key backend, when enabled (USE_BACKEND=true) -> its answer
//   orgForKey (GET /getOrgForKey): steps 3 and 4 only, as upstream ignores 1 and 2 there.
//
// The backend: GET <url>/system/validateAccessKey/<key> with X-User-Token; 200 {id, name, ...}
// is valid, 401 invalid, 403 expired, any other status an unknown error (all three: not
// valid). Then GET <supporter_check_url>/<id>: 200 with a truthy isSupporter makes a
// supporter; anything else (even a failure) does not. A backend that does not answer (refused,
// timeout, TLS, not JSON) is Unavailable: the caller answers 503 instead of crashing.
#pragma once

#include "JsSemantics.hpp"
#include "KeyStore.hpp"
#include "SpectraConfig.hpp"

#include <apiary/http_client.hpp>
#include <apiary/logger.hpp>

namespace spectra {

struct KeyCheck {
  enum class Outcome { Valid, Invalid, Expired, UnknownError, Unavailable };
  Outcome outcome = Outcome::Invalid;
  Json orgId;  // null when the key has no organisation; the backend's id as it sent it
  Json orgName;
  bool isSupporter = false;

  bool valid() const { return outcome == Outcome::Valid; }
  // Upstream's reason texts ("Invalid Key", ...), for logs and the ingest's obs_logon_ack.
  const char* reason() const;
};

class KeyValidator {
 public:
  KeyValidator(const SpectraConfig& config, KeyStore keys, apiary::HttpClient http,
               apiary::Logger log)
      : config_(config), keys_(keys), http_(http), log_(log) {}

  KeyCheck isValidKey(const Json& key) const;
  KeyCheck orgForKey(const std::string& key) const;

  // RFC 3986 percent-encoding of everything but unreserved characters (path segments).
  static std::string encodePathSegment(std::string_view text);

 private:
  KeyCheck operatorOrBackend(const std::string& key) const;
  KeyCheck askBackend(const std::string& key) const;
  bool askSupporter(const Json& orgId) const;

  SpectraConfig config_;
  KeyStore keys_;
  apiary::HttpClient http_;
  apiary::Logger log_;
};

}  // namespace spectra
