#include "BearerAuthenticator.hpp"

namespace {

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string> splitScopes(const std::string& csv) {
  // SpellBot: comma-separated, no trimming.
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= csv.size()) {
    const size_t comma = csv.find(',', start);
    out.push_back(csv.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

void BearerAuthenticator::configure(const apiary::ConfigReader& config) {
  realm_ = config.string("realm", "default");
  const std::string challengeRealm =
      config.string("challenge_realm", realm_.empty() ? "apiary" : realm_);
  if (challengeRealm.find_first_of("\"\\\r\n") != std::string::npos)
    config.fail("challenge_realm", "must not contain quotes, backslashes or line breaks");
  missingChallenge_ = "Bearer realm=\"" + challengeRealm + "\"";
  invalidChallenge_ = missingChallenge_ + ", error=\"invalid_token\"";
  tokensFile_ = config.string("tokens_file", "");
  spellbotTokens_ = config.boolean("spellbot_tokens", false);
}

void BearerAuthenticator::start() {
  if (!tokensFile_.empty()) {
    staticTokens_.load(tokensFile_);
    log().info("loaded " + std::to_string(staticTokens_.size()) + " static token(s)");
  }
}

std::string BearerAuthenticator::tokenOf(std::string_view authorization) {
  static constexpr std::string_view kScheme = "Bearer ";
  if (authorization.substr(0, kScheme.size()) != kScheme) return {};
  return std::string(trim(authorization.substr(kScheme.size())));
}

bool BearerAuthenticator::lookUpSpellbotToken(const std::string& token,
                                              apiary::AuthResult& result) const {
  // SpellBot keeps keys in plain text and compares them in SQL; kept as is so an existing
  // SpellBot database serves unchanged.
  const auto rows = database().execute(
      "SELECT id, scopes FROM tokens WHERE key = ? AND deleted_at IS NULL ORDER BY id", {token});
  if (rows.empty()) return false;
  result.setPrincipal("spellbot-token:" + rows[0].text(0));
  for (const auto& scope : splitScopes(rows[0].text(1))) result.addScope(scope);
  return true;
}

apiary::AuthOutcome BearerAuthenticator::authenticate(const apiary::Request& request,
                                                      apiary::AuthResult& result) {
  // The host reads the challenge only for a 401, so it is set on those paths alone (building
  // and copying it across the ABI on every accepted request cost ~1k instructions).
  const auto header = request.header("Authorization");
  const std::string token = header ? tokenOf(*header) : std::string();
  if (token.empty()) {
    result.setChallenge(missingChallenge_);
    return apiary::AuthOutcome::NoCredentials;
  }

  if (const auto* entry = staticTokens_.find(token)) {
    result.setPrincipal(entry->name);
    for (const auto& scope : entry->scopes) result.addScope(scope);
    return apiary::AuthOutcome::Ok;
  }
  try {
    if (!realm_.empty()) {
      const apiary::AuthOutcome stored = credentials().verify(realm_, "", token, result);
      if (stored != apiary::AuthOutcome::Invalid) return stored;  // Ok or Error
    }
    if (spellbotTokens_ && lookUpSpellbotToken(token, result)) return apiary::AuthOutcome::Ok;
  } catch (const apiary::DbError& e) {
    log().error(std::string("token lookup failed: ") + e.what());
    return apiary::AuthOutcome::Error;
  }
  result.setChallenge(invalidChallenge_);
  return apiary::AuthOutcome::Invalid;
}
