#include "ClientVersion.hpp"

namespace spectra_live {

namespace {

// A semver numeric identifier: digits, no leading zero, small enough for an int.
bool readNumber(std::string_view& text, int& out) {
  size_t n = 0;
  while (n < text.size() && text[n] >= '0' && text[n] <= '9') ++n;
  if (n == 0 || n > 9 || (n > 1 && text[0] == '0')) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) out = out * 10 + (text[i] - '0');
  text.remove_prefix(n);
  return true;
}

bool identifiersValid(std::string_view text) {
  if (text.empty()) return false;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t dot = text.find('.', start);
    const std::string_view part =
        text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty()) return false;
    for (const char c : part) {
      const bool ok =
          (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
      if (!ok) return false;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

}  // namespace

std::optional<ClientVersion> ClientVersion::parse(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (!text.empty() && text.front() == '=') text.remove_prefix(1);
  if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
  ClientVersion version;
  if (!readNumber(text, version.major) || text.empty() || text.front() != '.') return std::nullopt;
  text.remove_prefix(1);
  if (!readNumber(text, version.minor) || text.empty() || text.front() != '.') return std::nullopt;
  text.remove_prefix(1);
  if (!readNumber(text, version.patch)) return std::nullopt;
  const size_t plus = text.find('+');
  if (plus != std::string_view::npos) {
    if (!identifiersValid(text.substr(plus + 1))) return std::nullopt;
    text = text.substr(0, plus);
  }
  if (!text.empty()) {
    if (text.front() != '-' || !identifiersValid(text.substr(1))) return std::nullopt;
    version.prerelease = true;
  }
  return version;
}

bool ClientVersion::compatible(std::string_view text) {
  const auto version = parse(text);
  if (!version || version->prerelease) return false;
  const ClientVersion lowest{0, 3, 3, false};
  const ClientVersion beyond{0, 3, 25, false};
  return version->tuple() >= lowest.tuple() && version->tuple() < beyond.tuple();
}

}  // namespace spectra_live
