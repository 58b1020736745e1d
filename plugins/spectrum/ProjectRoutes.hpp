// GET /projects/{projectId}/ and the proposed POST /projects/{projectId}/regenerate-secret.
#pragma once

#include "ProjectCredentials.hpp"
#include "ProjectGuard.hpp"

namespace spectrum {

class ProjectRoutes {
 public:
  ProjectRoutes(const ProjectStore& projects, const ProjectCredentials& credentials)
      : projects_(projects), credentials_(credentials) {}

  void add(apiary::Router& router, const ProjectGuard& guard) const;

 private:
  apiary::Response get(const std::string& projectId) const;
  apiary::Response regenerateSecret(const std::string& projectId) const;

  const ProjectStore& projects_;
  const ProjectCredentials& credentials_;
};

}  // namespace spectrum
