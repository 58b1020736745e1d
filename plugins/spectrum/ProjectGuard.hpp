// What runs before every /projects/{projectId}/... handler, after the host authenticated the
// Basic credentials through auth-basic: the path project must be the authenticated one (401
// otherwise, with the same body as any credential failure, so the existence of other projects
// does not leak), the project must exist, and the project's rate limit must admit the request.
// It also renders SpectrumError and storage failures in the envelope.
#pragma once

#include "Envelope.hpp"
#include "ProjectStore.hpp"
#include "RateLimiter.hpp"

#include <apiary/logger.hpp>
#include <apiary/router.hpp>

#include <functional>
#include <optional>
#include <string>

namespace spectrum {

// projectId: the authenticated project's canonical id.
using ProjectHandler =
    std::function<apiary::Response(const apiary::Request&, const std::string& projectId)>;

class ProjectGuard {
 public:
  ProjectGuard(ProjectStore projects, std::optional<RateLimiter> limiter)
      : projects_(projects), limiter_(std::move(limiter)) {}

  apiary::Handler wrap(ProjectHandler handler) const;

  // The path parameter name as a lowercase UUID; 422 "<name> must be a valid UUID" otherwise.
  static std::string uuidParam(const apiary::Request& request, const std::string& name);

 private:
  std::string admit(const apiary::Request& request) const;

  ProjectStore projects_;
  std::optional<RateLimiter> limiter_;
};

}  // namespace spectrum
