#include "DemoData.hpp"

namespace spectrum {

void DemoData::seedIfEmpty(const ProjectStore& projects, const ProjectCredentials& credentials,
                           const LineStore& lines, const UserStore& users,
                           const apiary::Logger& log) {
  if (!projects.list().empty()) return;
  for (const char* n : {"+15550100001", "+15550100002", "+15550100003"})
    lines.addNumber(n, "dedicated");
  for (const char* n : {"+15550200001", "+15550200002"}) lines.addNumber(n, "shared");

  const CreatedProject demo =
      credentials.create("Demo project", Json{{"description", "apiary development data"}});
  const std::string& id = demo.project.id;
  projects.setPlatform(id, "imessage", true);
  int64_t quantity = 0;
  const auto line = lines.allocate(id, "imessage", quantity);

  NewUser shared;
  shared.type = "shared";
  shared.phoneNumber = "+14155550123";
  shared.firstName = "Ada";
  shared.lastName = "Lovelace";
  shared.email = "ada@example.com";
  users.createShared(id, shared, 1000);
  if (line) {
    NewUser dedicated;
    dedicated.type = "dedicated";
    dedicated.phoneNumber = "+14155550124";
    dedicated.firstName = "Grace";
    dedicated.assignedPhoneNumber = line->phoneNumber;
    users.createDedicated(id, dedicated);
  }
  // Shown once, as the CLI would: there is no other way to learn the demo secret.
  log.warning("demo project created: id=" + id + " secret=" + demo.secret + " (curl -u " + id +
              ":" + demo.secret + " http://127.0.0.1:5103/projects/" + id + "/)");
}

}  // namespace spectrum
