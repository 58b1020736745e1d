#include "ProjectCredentials.hpp"

#include "RandomIds.hpp"

namespace spectrum {

CreatedProject ProjectCredentials::create(const std::string& name, const Json& profile) const {
  const std::string id = RandomIds::uuid();
  const apiary::IssuedCredential issued = credentials_.issue({.realm = realm_,
                                                              .subject = id,
                                                              .kind = apiary::CredentialKind::Token,
                                                              .scopes = {},
                                                              .note = "spectrum project " + name,
                                                              .password = {}});
  try {
    return {store_.create(id, name, slugFor(name), profile, issued.id), issued.secret};
  } catch (...) {
    credentials_.revoke(realm_, issued.id);  // no orphan secret for a project that does not exist
    throw;
  }
}

std::string ProjectCredentials::regenerate(const ProjectRecord& project) const {
  if (project.credentialId > 0) {
    try {
      return credentials_.rotate(realm_, project.credentialId);
    } catch (const apiary::DbError& e) {
      if (!e.isNotFound()) throw;
    }
  }
  const apiary::IssuedCredential issued =
      credentials_.issue({.realm = realm_,
                          .subject = project.id,
                          .kind = apiary::CredentialKind::Token,
                          .scopes = {},
                          .note = "spectrum project " + project.name,
                          .password = {}});
  store_.setCredential(project.id, issued.id);
  return issued.secret;
}

std::string ProjectCredentials::slugFor(std::string_view name) {
  std::string base;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep)
      base += c;
    else if (!base.empty() && base.back() != '-')
      base += '-';
    if (base.size() >= 24) break;
  }
  while (!base.empty() && base.back() == '-') base.pop_back();
  if (base.empty()) base = "project";
  return base + "-" + RandomIds::hex(3).substr(0, 5);
}

}  // namespace spectrum
