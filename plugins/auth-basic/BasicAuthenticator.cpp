#include "BasicAuthenticator.hpp"

#include <apiary/password_hash.hpp>

namespace {

int base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict: length a multiple of 4, padding only at the end, no other characters.
bool decodeBase64(std::string_view in, std::string& out) {
  if (in.empty() || in.size() % 4 != 0) return false;
  out.clear();
  for (size_t i = 0; i < in.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      const char c = in[i + j];
      if (c == '=') {
        if (i + 4 != in.size() || j < 2) return false;
        ++pad;
        v[j] = 0;
        continue;
      }
      if (pad > 0) return false;  // data after padding
      v[j] = base64Value(c);
      if (v[j] < 0) return false;
    }
    const uint32_t bits = (uint32_t(v[0]) << 18) | (uint32_t(v[1]) << 12) | (uint32_t(v[2]) << 6) | uint32_t(v[3]);
    out += static_cast<char>((bits >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((bits >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(bits & 0xFF);
  }
  return true;
}

bool validUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t extra = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return false;
    i += extra + 1;
  }
  return true;
}

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
  std::string decoded;
  if (!decodeBase64(token, decoded)) return Parse::Malformed;
  const size_t colon = decoded.find(':');
  if (colon == std::string::npos || colon == 0) return Parse::Malformed;
  if (!validUtf8(decoded) || hasControl(decoded)) return Parse::Malformed;
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
  iterations_ = static_cast<int>(config.integer("unknown_user_iterations", iterations_, 1000, 10000000));
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
