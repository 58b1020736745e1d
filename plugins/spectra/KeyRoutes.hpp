// GET /getOrgForKey?key=: the organisation of an operator-issued or backend key. Upstream
// answers only through its backend; AUTH_KEY and REQUIRE_AUTH_KEY are not consulted here.
#pragma once

#include "KeyValidator.hpp"

#include <apiary/router.hpp>

namespace spectra {

class KeyRoutes {
 public:
  explicit KeyRoutes(const KeyValidator& keys) : keys_(keys) {}

  void registerOn(apiary::Router& router) const;
  apiary::Response orgForKey(const apiary::Request& request) const;

 private:
  const KeyValidator& keys_;
};

}  // namespace spectra
