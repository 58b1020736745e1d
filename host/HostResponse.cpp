#include "HostResponse.h"

#include <apiary/route_pattern.hpp>

#include <algorithm>

namespace apiary {

void HostResponse::setHeader(std::string_view name, std::string_view value) {
  std::erase_if(headers, [&](const auto& h) { return RoutePattern::equals(h.first, name, true); });
  addHeader(name, value);
}

void HostResponse::addHeader(std::string_view name, std::string_view value) {
  headers.emplace_back(std::string(name), std::string(value));
}

bool HostResponse::hasHeader(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return RoutePattern::equals(h.first, name, true); });
}

void HostResponse::reset(int newStatus) {
  status = newStatus;
  headers.clear();
  body.clear();
}

}  // namespace apiary
