// Storage configuration: the shared database and the pool and timeouts of every database.
#pragma once

#include <string>

namespace apiary {

struct StorageSettings {
  std::string sqlitePath;        // resolved path of the shared SQLite file
  std::string url;               // storage.url: postgresql://... replaces the shared SQLite file
  int poolSize = 8;              // connections per database
  int busyTimeoutMs = 5000;      // how long a statement waits for a lock before failing BUSY
  int acquireTimeoutMs = 10000;  // how long a request waits for a free connection
  int connectTimeoutMs = 5000;   // PostgreSQL: how long opening a connection may take
  int statementTimeoutMs = 0;    // PostgreSQL: longest statement (0: no limit)
};

}  // namespace apiary
