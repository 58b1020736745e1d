// The PostgreSQL half of SqlBackend, behind an interface so that the daemon does not link
// libpq. libpq pulls in libldap, GnuTLS, p11-kit, Kerberos and their friends (23 libraries);
// mapping and initialising them cost 3.6 MB of the idle RSS every SQLite-only installation paid
// (bench/run's "idle RSS" row, issue #12). The implementation (LibpqDriver) is built as the
// module libapiary-postgresql.so and loaded the first time a database URL is postgresql://.
#pragma once

#include "SqlParam.h"
#include "SqlResult.h"
#include "StorageSettings.h"

#include <Poco/Data/Session.h>

#include <memory>
#include <string>
#include <vector>

namespace apiary {

class PostgresDriver {
 public:
  virtual ~PostgresDriver() = default;

  // The driver, loaded once (thread-safe). Throws StorageError (UNAVAILABLE) when the module
  // is missing or broken. Looked for: $APIARY_POSTGRES_MODULE when set (only there), else beside
  // the executable (the build tree), then <executable>/../lib/apiary (the Debian package's
  // /usr/lib/apiary).
  static const PostgresDriver& load();

  // A new connection to `location` (a postgresql:// URL), probed through libpq first, set to
  // verbose errors and the settings' timeouts. `display` names it in messages (no password).
  virtual std::unique_ptr<Poco::Data::Session> open(const std::string& location,
                                                    const std::string& display,
                                                    const StorageSettings& settings) const = 0;
  // False when the connection is known broken or left inside a transaction.
  virtual bool isHealthy(Poco::Data::Session& session) const = 0;
  // Runs one statement (already `$n`-numbered) through libpq; throws StorageError.
  virtual SqlResult execute(Poco::Data::Session& session, const std::string& statement,
                            const std::vector<SqlParam>& params) const = 0;
  // Inside a catch block: throws a StorageError for Poco's PostgreSQL exceptions, rethrows
  // anything else unchanged.
  [[noreturn]] virtual void rethrowPostgresError(const std::string& prefix) const = 0;
};

}  // namespace apiary

// The module's one entry point: the driver, owned by the module (never unloaded).
extern "C" const apiary::PostgresDriver* apiary_postgres_driver();
