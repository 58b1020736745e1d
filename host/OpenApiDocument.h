// The OpenAPI 3.1 document of what the host serves, generated from the route tables: paths,
// methods, path parameters, summaries, the schemas plugins declared and the auth policies
// (as security requirements). One document per listener, or all merged; in the merged one an
// operation that two listeners both serve at the same path is kept once (first listener) and
// marked with x-apiary-also-on, since their APIs differ (per-listener documents are exact).
#pragma once

#include "HealthState.h"
#include "RouteTable.h"

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace apiary {

class OpenApiDocument {
 public:
  struct Listener {
    std::string name;
    std::string serverUrl;  // "http://127.0.0.1:5101"
    std::shared_ptr<const RouteTable> table;
  };

  // authenticators: instance name -> plugin name ("auth-bearer", "auth-basic", ...).
  static nlohmann::ordered_json build(const std::vector<Listener>& listeners,
                                      const std::map<std::string, std::string>& authenticators,
                                      const std::string& onlyListener = "");
};

}  // namespace apiary
