#include "KeyValidator.hpp"

#include "KeyHash.hpp"

#include <chrono>

namespace spectra {
namespace {

KeyCheck outcome(KeyCheck::Outcome o) {
  KeyCheck check;
  check.outcome = o;
  return check;
}

}  // namespace

const char* KeyCheck::reason() const {
  switch (outcome) {
    case Outcome::Valid: return "Valid Key";
    case Outcome::Invalid: return "Invalid Key";
    case Outcome::Expired: return "Expired Key";
    case Outcome::UnknownError: return "Unknown Error";
    case Outcome::Unavailable: return "Key backend unavailable";
  }
  return "Unknown Error";
}

std::string KeyValidator::encodePathSegment(std::string_view text) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 0x0F];
    }
  }
  return out;
}

KeyCheck KeyValidator::isValidKey(const Json& key) const {
  if (!config_.requireAuthKey) return outcome(KeyCheck::Outcome::Valid);
  // Upstream compares with ===: only a string can match, and never an unset AUTH_KEY.
  if (!key.is_string()) return outcome(KeyCheck::Outcome::Invalid);
  const std::string& text = key.get_ref<const std::string&>();
  if (!config_.authKey.empty() && KeyHash::equalConstantTime(text, config_.authKey))
    return outcome(KeyCheck::Outcome::Valid);
  return operatorOrBackend(text);
}

KeyCheck KeyValidator::orgForKey(const std::string& key) const {
  return operatorOrBackend(key);
}

KeyCheck KeyValidator::operatorOrBackend(const std::string& key) const {
  if (const auto issued = keys_.find(key)) {
    KeyCheck check = outcome(KeyCheck::Outcome::Valid);
    check.orgId = issued->orgId;
    check.orgName = issued->orgName;
    check.isSupporter = issued->isSupporter;
    return check;
  }
  if (!config_.backend.enabled) return outcome(KeyCheck::Outcome::Invalid);
  return askBackend(key);
}

KeyCheck KeyValidator::askBackend(const std::string& key) const {
  apiary::HttpRequest request;
  request.url = config_.backend.url + "/system/validateAccessKey/" + encodePathSegment(key);
  request.headers = {{"Content-Type", "application/json"}, {"X-User-Token", config_.backend.token}};
  request.connectTimeout = std::chrono::milliseconds(config_.backend.connectTimeoutMs);
  request.totalTimeout = std::chrono::milliseconds(config_.backend.timeoutMs);
  request.maxResponseBytes = 1 << 20;
  const apiary::HttpResult result = http_.send(request);
  if (!result.ok()) {
    // Never log a key: blank it out should the reason quote the URL.
    std::string reason = result.message;
    const std::string secret = encodePathSegment(key);
    for (size_t at; !secret.empty() && (at = reason.find(secret)) != std::string::npos;)
      reason.replace(at, secret.size(), "<key>");
    log_.warning("key backend unavailable: " + reason);
    return outcome(KeyCheck::Outcome::Unavailable);
  }
  if (result.status == 401) return outcome(KeyCheck::Outcome::Invalid);
  if (result.status == 403) return outcome(KeyCheck::Outcome::Expired);
  if (result.status != 200) {
    log_.warning("key backend answered status " + std::to_string(result.status));
    return outcome(KeyCheck::Outcome::UnknownError);
  }
  const Json body = Json::parse(result.body, nullptr, false);
  if (!body.is_object()) {
    log_.warning("key backend answered 200 without a JSON object");
    return outcome(KeyCheck::Outcome::Unavailable);
  }
  KeyCheck check = outcome(KeyCheck::Outcome::Valid);
  check.orgId = body.value("id", Json());
  check.orgName = body.value("name", Json());
  check.isSupporter = askSupporter(check.orgId);
  return check;
}

bool KeyValidator::askSupporter(const Json& orgId) const {
  if (config_.backend.supporterCheckUrl.empty()) return false;
  if (!orgId.is_string() && !orgId.is_number()) return false;
  apiary::HttpRequest request;
  request.url = config_.backend.supporterCheckUrl + "/" +
                encodePathSegment(orgId.is_string() ? orgId.get<std::string>() : orgId.dump());
  request.connectTimeout = std::chrono::milliseconds(config_.backend.connectTimeoutMs);
  request.totalTimeout = std::chrono::milliseconds(config_.backend.timeoutMs);
  request.maxResponseBytes = 1 << 20;
  const apiary::HttpResult result = http_.send(request);
  if (!result.ok()) {
    log_.warning("supporter check unavailable: " + result.message);
    return false;
  }
  if (result.status != 200) return false;
  const Json body = Json::parse(result.body, nullptr, false);
  return body.is_object() && body.contains("isSupporter") &&
         JsSemantics::truthy(body["isSupporter"]);
}

}  // namespace spectra
