#include "QueryParams.hpp"

#include <apiary/utf8.hpp>
#include <cstdint>

namespace spectra {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string QueryParams::decode(std::string_view raw) {
  std::string plus(raw);
  for (char& c : plus)
    if (c == '+') c = ' ';
  std::string out;
  out.reserve(plus.size());
  for (size_t i = 0; i < plus.size(); ++i) {
    if (plus[i] == '%') {
      if (i + 2 >= plus.size()) return plus;
      const int hi = hexValue(plus[i + 1]), lo = hexValue(plus[i + 2]);
      if (hi < 0 || lo < 0) return plus;  // decodeURIComponent throws; qs keeps the text
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += plus[i];
    }
  }
  if (!apiary::utf8::valid(out)) return plus;
  return out;
}

QueryParams::QueryParams(std::string_view queryString) {
  while (!queryString.empty()) {
    const size_t amp = queryString.find('&');
    const std::string_view part = queryString.substr(0, amp);
    queryString = amp == std::string_view::npos ? std::string_view{} : queryString.substr(amp + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    pairs_.emplace_back(decode(part.substr(0, eq)),
                        eq == std::string_view::npos ? std::string() : decode(part.substr(eq + 1)));
  }
}

std::optional<std::string> QueryParams::string(std::string_view name) const {
  std::optional<std::string> found;
  int count = 0;
  for (const auto& [key, value] : pairs_) {
    if (key == name) {
      ++count;
      found = value;
    } else if (key.size() > name.size() && key.compare(0, name.size(), name) == 0 &&
               key[name.size()] == '[' && key.find(']', name.size()) != std::string::npos) {
      return std::nullopt;  // name[...]: an array or an object
    }
  }
  if (count != 1) return std::nullopt;
  return found;
}

}  // namespace spectra
