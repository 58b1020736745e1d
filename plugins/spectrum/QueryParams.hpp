// The query string with repeated keys (?id=a&id=b): Request::query returns only the first.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spectrum {

class QueryParams {
 public:
  // Splits at '&' and the first '=', percent-decodes ('+' is a space). A malformed escape keeps
  // its characters as they are.
  static QueryParams parse(std::string_view queryString);

  std::vector<std::string> all(std::string_view key) const;
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }

 private:
  static std::string decode(std::string_view in);
  std::vector<std::pair<std::string, std::string>> pairs_;
};

}  // namespace spectrum
