// Creating projects and rotating their secrets, for the CLI and POST /regenerate-secret. The
// secret is a token in the host's credential store (realm from config, subject = project id),
// stored as SHA-256 and returned here once; auth-basic verifies it on every request.
#pragma once

#include "ProjectStore.hpp"

#include <apiary/credentials.hpp>

#include <string>

namespace spectrum {

struct CreatedProject {
  ProjectRecord project;
  std::string secret;  // shown once
};

class ProjectCredentials {
 public:
  ProjectCredentials(ProjectStore store, apiary::CredentialStore credentials, std::string realm)
      : store_(store), credentials_(credentials), realm_(std::move(realm)) {}

  CreatedProject create(const std::string& name, const Json& profile) const;
  // A new secret; the old one fails at once. Issues a fresh credential when the project's was
  // revoked behind its back (apiary token revoke).
  std::string regenerate(const ProjectRecord& project) const;

  // "My Project!" -> "my-project-" + 5 random hex digits, like Photon's "what-c62a6".
  static std::string slugFor(std::string_view name);

 private:
  ProjectStore store_;
  apiary::CredentialStore credentials_;
  std::string realm_;
};

}  // namespace spectrum
