// GET /status and GET /getTeamInfoForCode: what the REST API shows of the match state (live
// matches counted, finished matches' team info), read from the MatchStore.
#pragma once

#include "MatchStore.hpp"

#include <apiary/clock.hpp>
#include <apiary/router.hpp>

namespace spectra {

class MatchRoutes {
 public:
  MatchRoutes(const MatchStore& matches, apiary::Clock clock) : matches_(matches), clock_(clock) {}

  void registerOn(apiary::Router& router) const;

  apiary::Response status(const apiary::Request& request) const;
  apiary::Response teamInfo(const apiary::Request& request) const;

 private:
  const MatchStore& matches_;
  apiary::Clock clock_;
};

}  // namespace spectra
