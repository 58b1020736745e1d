// PostgresDriver over libpq and Poco Data's PostgreSQL connector: the module
// libapiary-postgresql.so (see PostgresDriver.h for why it is separate).
#pragma once

#include "PostgresDriver.h"

namespace apiary {

class LibpqDriver : public PostgresDriver {
 public:
  LibpqDriver();  // registers Poco Data's "PostgreSQL" connector

  std::unique_ptr<Poco::Data::Session> open(const std::string& location, const std::string& display,
                                            const StorageSettings& settings) const override;
  bool isHealthy(Poco::Data::Session& session) const override;
  SqlResult execute(Poco::Data::Session& session, const std::string& statement,
                    const std::vector<SqlParam>& params) const override;
  [[noreturn]] void rethrowPostgresError(const std::string& prefix) const override;
};

}  // namespace apiary
