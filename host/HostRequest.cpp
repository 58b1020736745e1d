#include "HostRequest.h"

#include <Poco/URI.h>

namespace apiary {

const std::string* HostRequest::query(std::string_view name) const {
  if (!queryDecoded_) {
    // Form semantics: '+' is a space. Poco::URI::decode handles %XX; a malformed escape is kept
    // literally rather than failing the whole request.
    std::string_view rest = queryString;
    while (!rest.empty()) {
      const size_t amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
      if (pair.empty()) continue;
      const size_t eq = pair.find('=');
      std::string key(pair.substr(0, eq));
      std::string value(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
      for (auto* s : {&key, &value})
        for (char& c : *s)
          if (c == '+') c = ' ';
      std::string k, v;
      try {
        Poco::URI::decode(key, k);
        Poco::URI::decode(value, v);
      } catch (...) {
        k = key;
        v = value;
      }
      decodedQuery_.emplace_back(std::move(k), std::move(v));
    }
    queryDecoded_ = true;
  }
  for (const auto& [k, v] : decodedQuery_)
    if (k == name) return &v;
  return nullptr;
}

const std::string* HostRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (RoutePattern::equals(k, name, true)) return &v;
  return nullptr;
}

const std::string* HostRequest::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return &v;
  return nullptr;
}

}  // namespace apiary
