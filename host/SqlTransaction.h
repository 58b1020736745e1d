// An open transaction (the ABI's apiary_db_txn): the database and the connection it holds
// until commit or rollback.
#pragma once

#include "SqlDatabase.h"

namespace apiary {

class SqlTransaction {
 public:
  SqlTransaction(SqlDatabase& db, SqlDatabase::Lease lease) : db_(db), lease_(std::move(lease)) {}
  SqlDatabase& database() { return db_; }
  SqlDatabase::Lease& lease() { return lease_; }

 private:
  SqlDatabase& db_;
  SqlDatabase::Lease lease_;
};

}  // namespace apiary
