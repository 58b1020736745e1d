// Query strings with repeated keys (Request::query returns only the first) and cookies.
#pragma once

#include <apiary/request.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace spellbot {

class RequestParams {
 public:
  // Every key=value pair of a query string, '+' as space, percent-decoded, in order.
  static std::vector<std::pair<std::string, std::string>> query(std::string_view queryString);
  // All values of key.
  static std::vector<std::string> all(const std::vector<std::pair<std::string, std::string>>& pairs,
                                      std::string_view key);
  // The Cookie header's name=value pairs, values percent-decoded; first wins.
  static std::map<std::string, std::string> cookies(const apiary::Request& request);
  static std::string percentDecode(std::string_view text, bool plusIsSpace);
};

}  // namespace spellbot
