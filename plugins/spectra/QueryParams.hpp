// The query string as Express's "extended" parser (qs) sees it, as far as upstream's checks
// care: `?key=a&key=b` and `?key[]=a` make an array and `?key[x]=1` an object, none of which is a
// string. (The SDK's Request::query returns only the first value.)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spectra {

class QueryParams {
 public:
  explicit QueryParams(std::string_view queryString);

  // The value when name occurs exactly once, plainly (not name[...]); otherwise nullopt:
  // absent, repeated (an array) or bracketed (an array or object).
  std::optional<std::string> string(std::string_view name) const;

  // decodeURIComponent with '+' as space; a malformed escape or invalid UTF-8 keeps the raw text
  // (as qs does).
  static std::string decode(std::string_view raw);

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

}  // namespace spectra
