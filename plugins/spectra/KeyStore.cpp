#include "KeyStore.hpp"

#include "KeyHash.hpp"

namespace spectra {
namespace {

OrgKey fromRow(const apiary::Row& row) {
  OrgKey key;
  key.id = row.int64("id");
  key.orgId = row.text("org_id");
  key.orgName = row.text("org_name");
  key.isSupporter = row.int64("is_supporter") != 0;
  key.createdMs = row.int64("created_ms");
  key.revokedMs = row.isNull("revoked_ms") ? 0 : row.int64("revoked_ms");
  return key;
}

constexpr const char* kColumns = "id, org_id, org_name, is_supporter, created_ms, revoked_ms";

}  // namespace

std::vector<std::string> KeyStore::schema() {
  return {
      "CREATE TABLE spectra_keys (id INTEGER NOT NULL PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, "
      "org_id TEXT NOT NULL, org_name TEXT NOT NULL, is_supporter INTEGER NOT NULL, "
      "created_ms INTEGER NOT NULL, revoked_ms INTEGER)",
  };
}

KeyStore::Issued KeyStore::issue(std::string orgId, const std::string& orgName, bool isSupporter,
                                 int64_t nowMs) const {
  Issued issued;
  issued.secret = KeyHash::generate(kKeyPrefix);
  if (orgId.empty()) orgId = "org_" + KeyHash::generate("").substr(0, 16);
  const std::string hash = KeyHash::sha256Hex(issued.secret);
  // Portable ids (no SQLite rowid or PostgreSQL serial): the next number, under the write lock.
  issued.key.id = db_.transaction([&](apiary::Transaction& tx) {
    const int64_t id =
        tx.execute("SELECT COALESCE(MAX(id), 0) + 1 AS next FROM spectra_keys")[0].int64("next");
    tx.execute(
        "INSERT INTO spectra_keys (id, key_hash, org_id, org_name, is_supporter, created_ms) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {id, hash, orgId, orgName, isSupporter, nowMs});
    return id;
  });
  issued.key.orgId = orgId;
  issued.key.orgName = orgName;
  issued.key.isSupporter = isSupporter;
  issued.key.createdMs = nowMs;
  return issued;
}

void KeyStore::put(const std::string& secret, const std::string& orgId, const std::string& orgName,
                   bool isSupporter, int64_t nowMs) const {
  const std::string hash = KeyHash::sha256Hex(secret);
  db_.transaction([&](apiary::Transaction& tx) {
    tx.execute("DELETE FROM spectra_keys WHERE key_hash = ?", {hash});
    const int64_t id =
        tx.execute("SELECT COALESCE(MAX(id), 0) + 1 AS next FROM spectra_keys")[0].int64("next");
    tx.execute(
        "INSERT INTO spectra_keys (id, key_hash, org_id, org_name, is_supporter, created_ms) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {id, hash, orgId, orgName, isSupporter, nowMs});
  });
}

void KeyStore::remove(const std::string& secret) const {
  db_.execute("DELETE FROM spectra_keys WHERE key_hash = ?", {KeyHash::sha256Hex(secret)});
}

std::optional<OrgKey> KeyStore::find(std::string_view secret) const {
  // Looked up by hash: the index never sees the key, and equal hashes mean equal keys.
  const auto rows = db_.execute(std::string("SELECT ") + kColumns +
                                    " FROM spectra_keys WHERE key_hash = ? AND revoked_ms IS NULL",
                                {KeyHash::sha256Hex(secret)});
  if (rows.empty()) return std::nullopt;
  return fromRow(rows[0]);
}

std::vector<OrgKey> KeyStore::list() const {
  std::vector<OrgKey> out;
  const auto rows =
      db_.execute(std::string("SELECT ") + kColumns + " FROM spectra_keys ORDER BY id");
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(fromRow(rows[i]));
  return out;
}

bool KeyStore::revoke(int64_t id, int64_t nowMs) const {
  return db_.execute("UPDATE spectra_keys SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL",
                     {nowMs, id})
             .affectedRows() > 0;
}

}  // namespace spectra
