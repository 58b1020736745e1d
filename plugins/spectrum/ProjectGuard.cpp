#include "ProjectGuard.hpp"

#include "Patterns.hpp"

namespace spectrum {

apiary::Handler ProjectGuard::wrap(ProjectHandler handler) const {
  return [this, handler = std::move(handler)](const apiary::Request& request) {
    try {
      const std::string projectId = admit(request);
      return handler(request, projectId);
    } catch (const SpectrumError& e) {
      return Envelope::error(e);
    } catch (const apiary::DbError& e) {
      if (e.isBusy() || e.isUnavailable())
        return Envelope::error(503, "unavailable", "Storage is busy, retry shortly");
      if (e.isConstraint())
        return Envelope::error(409, "conflict", "The request conflicts with the current state");
      throw;  // a bug: 500 with a log line from the SDK
    }
  };
}

std::string ProjectGuard::admit(const apiary::Request& request) const {
  const std::string_view principal = request.principal();
  const auto pathProject = request.param("projectId");
  if (principal.empty() || !pathProject || !Patterns::equalsIgnoreCase(*pathProject, principal))
    throw Envelope::unauthorized();
  const auto project = projects_.find(principal);
  if (!project) throw Envelope::unauthorized();
  if (limiter_ && !limiter_->admit(project->id))
    throw SpectrumError(429, "rate_limited", "Too many requests");
  return project->id;
}

std::string ProjectGuard::uuidParam(const apiary::Request& request, const std::string& name) {
  const auto value = request.param(name);
  if (!value || !Patterns::isUuid(*value))
    throw Envelope::validation(name + " must be a valid UUID");
  std::string id(*value);
  for (char& c : id)
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  return id;
}

}  // namespace spectrum
