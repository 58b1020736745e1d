// Users in storage, with Photon's idempotency rules: a shared user is found again by phone
// number or e-mail; a dedicated user by the (phoneNumber, assignedPhoneNumber) pair. Creation
// runs in one transaction so concurrent identical requests return the same row.
#pragma once

#include "Envelope.hpp"

#include <apiary/clock.hpp>
#include <apiary/database.hpp>

#include <optional>
#include <string>
#include <vector>

namespace spectrum {

struct UserRecord {
  std::string id, projectId, type;
  std::optional<std::string> firstName, lastName, email;
  std::string phoneNumber, assignedPhoneNumber;
  Json meta = Json::object();
  int64_t createdMs = 0;

  // {id, projectId, type, firstName, lastName, email, phoneNumber, assignedPhoneNumber, meta,
  //  createdAt}
  Json toJson() const;
};

struct NewUser {
  std::string type;  // "shared" or "dedicated"
  std::string phoneNumber;
  std::optional<std::string> firstName, lastName, email;
  std::string assignedPhoneNumber;  // dedicated: required and checked by the caller
  Json meta = Json::object();
};

class UserStore {
 public:
  UserStore(apiary::Database db, apiary::Clock clock) : db_(db), clock_(clock) {}

  // Active users, oldest first; type and ids filter when given.
  std::vector<UserRecord> list(std::string_view projectId, std::string_view type,
                               const std::vector<std::string>& ids) const;
  std::optional<UserRecord> find(std::string_view projectId, std::string_view id) const;

  // Returns the existing shared user (same phone or e-mail) or a new one on the least used
  // shared pool number. Throws 409 max_shared_users / pool_exhausted.
  UserRecord createShared(std::string_view projectId, const NewUser& user,
                          int64_t maxSharedUsers) const;
  // Returns the existing row for the same (phone, assigned) pair or a new one.
  UserRecord createDedicated(std::string_view projectId, const NewUser& user) const;
  bool softDelete(std::string_view projectId, std::string_view id) const;

 private:
  UserRecord insert(const apiary::Transaction& tx, std::string_view projectId, const NewUser& user,
                    const std::string& assigned) const;
  apiary::Database db_;
  apiary::Clock clock_;
};

}  // namespace spectrum
