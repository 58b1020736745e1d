// /projects/{projectId}/platforms/: the map of platform switches, and PATCH to flip one.
#pragma once

#include "ProjectGuard.hpp"

namespace spectrum {

class PlatformRoutes {
 public:
  explicit PlatformRoutes(const ProjectStore& projects) : projects_(projects) {}
  void add(apiary::Router& router, const ProjectGuard& guard) const;

 private:
  apiary::Response toggle(const apiary::Request& request, const std::string& projectId) const;
  const ProjectStore& projects_;
};

}  // namespace spectrum
