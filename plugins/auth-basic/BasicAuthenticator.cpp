#include "BasicAuthenticator.hpp"

#include <apiary/base64.hpp>
#include <apiary/password_hash.hpp>
#include <apiary/utf8.hpp>

namespace {

bool hasControl(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  return false;
}

}  // namespace

BasicAuthenticator::Parse BasicAuthenticator::parse(std::string_view header, Credentials& out) {
  // auth-scheme is case-insensitive (RFC 7235); one or more spaces before the token68.
  if (header.size() < 6 || !apiary::RoutePattern::equals(header.substr(0, 5), "Basic", true) ||
      header[5] != ' ')
    return Parse::Absent;
  std::string_view token = header.substr(6);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  const std::string decoded = apiary::base64::decode(token).value_or("");
  if (decoded.empty()) return Parse::Malformed;
  const size_t colon = decoded.find(':');
  if (colon == std::string::npos || colon == 0) return Parse::Malformed;
  if (!apiary::utf8::valid(decoded) || hasControl(decoded)) return Parse::Malformed;
  out.user = decoded.substr(0, colon);
  out.password = decoded.substr(colon + 1);
  return Parse::Ok;
}

void BasicAuthenticator::configure(const apiary::ConfigReader& config) {
  realm_ = config.string("realm", "default");
  const std::string shown = config.string("challenge_realm", realm_.empty() ? "apiary" : realm_);
  if (shown.find_first_of("\"\\\r\n") != std::string::npos)
    config.fail("challenge_realm", "must not contain quotes, backslashes or line breaks");
  challenge_ = "Basic realm=\"" + shown + "\", charset=\"UTF-8\"";
  htpasswdPath_ = config.string("htpasswd_file", "");
  iterations_ =
      static_cast<int>(config.integer("unknown_user_iterations", iterations_, 1000, 10000000));
}

void BasicAuthenticator::start() {
  if (!htpasswdPath_.empty()) {
    htpasswd_.load(htpasswdPath_);
    log().info("loaded " + std::to_string(htpasswd_.size()) + " user(s) from " + htpasswdPath_);
  }
}

apiary::AuthOutcome BasicAuthenticator::authenticate(const apiary::Request& request,
                                                     apiary::AuthResult& result) {
  result.setChallenge(challenge_);
  const auto header = request.header("Authorization");
  if (!header) return apiary::AuthOutcome::NoCredentials;
  Credentials creds;
  switch (parse(*header, creds)) {
    case Parse::Absent: return apiary::AuthOutcome::NoCredentials;
    case Parse::Malformed: return apiary::AuthOutcome::Invalid;
    case Parse::Ok: break;
  }
  if (const HtpasswdFile::User* user = htpasswd_.find(creds.user)) {
    if (!apiary::password_hash::verifyPassword(creds.password, user->hash))
      return apiary::AuthOutcome::Invalid;
    result.setPrincipal(creds.user);
    for (const auto& s : user->scopes) result.addScope(s);
    return apiary::AuthOutcome::Ok;
  }
  if (realm_.empty()) {
    // No store to ask: spend a hash's worth of time so absence is not observable.
    apiary::password_hash::pbkdf2Hex(creds.password, "apiary-dummy-salt", iterations_);
    return apiary::AuthOutcome::Invalid;
  }
  // The store equalises the cost of an unknown user itself.
  return credentials().verify(realm_, creds.user, creds.password, result);
}
