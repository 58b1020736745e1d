#include "CredentialStore.h"

#include "StorageError.h"

#include <apiary/abi.h>

#include <apiary/password_hash.hpp>

#include <chrono>
#include <sstream>

namespace apiary {
namespace {

SqlParam text(const std::string& v) {
  return SqlParam{APIARY_VALUE_TEXT, 0, 0, v};
}
SqlParam int64(int64_t v) {
  return SqlParam{APIARY_VALUE_INT64, v, 0, {}};
}

int64_t cellInt(const SqlCell& c) {
  return c.type == APIARY_VALUE_INT64 ? c.int64 : std::stoll(c.bytes.empty() ? "0" : c.bytes);
}

std::string joinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> splitScopes(const std::string& csv) {
  std::vector<std::string> out;
  std::stringstream in(csv);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

CredentialStore::CredentialStore(StorageRegistry& storage, int pbkdf2Iterations)
    : storage_(storage), iterations_(pbkdf2Iterations) {}

const std::string& CredentialStore::dummyHash() {
  // Made on first need, not at startup: one PBKDF2 run (120,000 iterations by default) was a
  // third of the daemon's time to ready.
  std::call_once(dummyOnce_, [&] { dummyHash_ = hashPassword(password_hash::randomHex(16)); });
  return dummyHash_;
}

SqlDatabase& CredentialStore::db() {
  SqlDatabase& database = storage_.open("");
  std::call_once(schemaOnce_, [&] {
    database.migrate(
        "apiary.credentials",
        {{1,
          "credential store",
          {"CREATE TABLE apiary_credentials (id INTEGER PRIMARY KEY, realm TEXT NOT NULL, "
           "subject TEXT NOT NULL, kind INTEGER NOT NULL, lookup TEXT NOT NULL, hash TEXT NOT "
           "NULL, scopes TEXT NOT NULL, note TEXT NOT NULL, created_ms INTEGER NOT NULL, "
           "rotated_ms INTEGER NOT NULL, revoked_ms INTEGER NOT NULL DEFAULT 0)",
           "CREATE INDEX apiary_credentials_lookup ON apiary_credentials (realm, lookup)",
           "CREATE INDEX apiary_credentials_subject ON apiary_credentials (realm, subject)"}}});
  });
  return database;
}

int64_t CredentialStore::nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool CredentialStore::constantTimeEquals(const std::string& a, const std::string& b) {
  return password_hash::constantTimeEquals(a, b);
}

std::string CredentialStore::hashPassword(const std::string& password) const {
  return password_hash::hashPassword(password, iterations_);
}

bool CredentialStore::verifyPassword(const std::string& password, const std::string& encoded) {
  return password_hash::verifyPassword(password, encoded);
}

CredentialStore::Issued CredentialStore::issue(const std::string& realm, const std::string& subject,
                                               int32_t kind, const std::vector<std::string>& scopes,
                                               const std::string& note,
                                               const std::string& password) {
  if (realm.empty()) throw StorageError(APIARY_DB_OTHER, "realm must not be empty");
  for (const auto& s : scopes)
    if (s.empty() || s.find(',') != std::string::npos)
      throw StorageError(APIARY_DB_OTHER, "scopes must be non-empty and contain no ','");
  Issued issued;
  std::string lookup, hash;
  if (kind == APIARY_CREDENTIAL_TOKEN) {
    issued.secret = password_hash::randomHex(32);
    lookup = hash = password_hash::sha256Hex(issued.secret);
  } else if (kind == APIARY_CREDENTIAL_PASSWORD) {
    if (subject.empty()) throw StorageError(APIARY_DB_OTHER, "a password needs a subject");
    if (password.empty()) throw StorageError(APIARY_DB_OTHER, "password must not be empty");
    hash = hashPassword(password);
  } else {
    throw StorageError(APIARY_DB_OTHER, "unknown credential kind");
  }
  const int64_t now = nowMs();
  const SqlResult r = db().execute(
      nullptr,
      "INSERT INTO apiary_credentials (realm, subject, kind, lookup, hash, scopes, note, "
      "created_ms, rotated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {text(realm), text(subject), int64(kind), text(lookup), text(hash), text(joinScopes(scopes)),
       text(note), int64(now), int64(now)});
  issued.id = cellInt(r.rows.at(0).at(0));
  return issued;
}

bool CredentialStore::verify(const std::string& realm, const std::string& subject,
                             const std::string& secret, Verified& who) {
  if (subject.empty()) {
    // Bearer-style: the token alone identifies the credential.
    const std::string digest = password_hash::sha256Hex(secret);
    VerifiedTokenCache::Grant cached;
    if (tokenCache_.find(realm, digest, cached)) {
      who = Verified{cached.id, std::move(cached.principal), std::move(cached.scopes)};
      return true;
    }
    const uint64_t epoch = tokenCache_.epoch();  // before the SELECT: see VerifiedTokenCache.h
    const SqlResult r = db().execute(
        nullptr,
        "SELECT id, hash, scopes FROM apiary_credentials WHERE realm = ? AND lookup = ? AND kind "
        "= ? AND revoked_ms = 0",
        {text(realm), text(digest), int64(APIARY_CREDENTIAL_TOKEN)});
    for (const auto& row : r.rows)
      if (constantTimeEquals(row[1].bytes, digest)) {
        who = Verified{cellInt(row[0]), "token:" + std::to_string(cellInt(row[0])),
                       splitScopes(row[2].bytes)};
        tokenCache_.store(realm, digest, {who.id, who.principal, who.scopes}, epoch);
        return true;
      }
    return false;
  }
  const SqlResult r = db().execute(
      nullptr,
      "SELECT id, kind, hash, scopes FROM apiary_credentials WHERE realm = ? AND subject = ? AND "
      "revoked_ms = 0 ORDER BY id",
      {text(realm), text(subject)});
  if (r.rows.empty()) {
    verifyPassword(secret, dummyHash());  // same cost as a wrong password: no user oracle
    return false;
  }
  for (const auto& row : r.rows) {
    const bool ok = cellInt(row[1]) == APIARY_CREDENTIAL_TOKEN
                        ? constantTimeEquals(password_hash::sha256Hex(secret), row[2].bytes)
                        : verifyPassword(secret, row[2].bytes);
    if (ok) {
      who = Verified{cellInt(row[0]), subject, splitScopes(row[3].bytes)};
      return true;
    }
  }
  return false;
}

std::string CredentialStore::rotate(const std::string& realm, int64_t id,
                                    const std::string& password) {
  const SqlResult r = db().execute(
      nullptr, "SELECT kind FROM apiary_credentials WHERE id = ? AND realm = ? AND revoked_ms = 0",
      {int64(id), text(realm)});
  if (r.rows.empty())
    throw StorageError(APIARY_DB_NOT_FOUND,
                       "no active credential " + std::to_string(id) + " in realm " + realm);
  std::string secret, lookup, hash;
  if (cellInt(r.rows[0][0]) == APIARY_CREDENTIAL_TOKEN) {
    secret = password_hash::randomHex(32);
    lookup = hash = password_hash::sha256Hex(secret);
  } else {
    if (password.empty()) throw StorageError(APIARY_DB_OTHER, "password must not be empty");
    hash = hashPassword(password);
  }
  const SqlResult u = db().execute(
      nullptr,
      "UPDATE apiary_credentials SET lookup = ?, hash = ?, rotated_ms = ? WHERE id = ? AND realm "
      "= ? AND revoked_ms = 0",
      {text(lookup), text(hash), int64(nowMs()), int64(id), text(realm)});
  tokenCache_.clear();  // the old secret must stop working in this process now
  if (u.affectedRows == 0)
    throw StorageError(APIARY_DB_NOT_FOUND,
                       "no active credential " + std::to_string(id) + " in realm " + realm);
  return secret;
}

void CredentialStore::revoke(const std::string& realm, int64_t id) {
  const SqlResult u = db().execute(
      nullptr,
      "UPDATE apiary_credentials SET revoked_ms = ? WHERE id = ? AND realm = ? AND revoked_ms = 0",
      {int64(nowMs()), int64(id), text(realm)});
  tokenCache_.clear();  // a revoked token must stop working in this process now
  if (u.affectedRows == 0)
    throw StorageError(APIARY_DB_NOT_FOUND,
                       "no active credential " + std::to_string(id) + " in realm " + realm);
}

std::vector<CredentialStore::Info> CredentialStore::list(const std::string& realm) {
  const SqlResult r =
      realm.empty()
          ? db().execute(nullptr,
                         "SELECT id, realm, subject, kind, scopes, note, created_ms, revoked_ms "
                         "FROM apiary_credentials ORDER BY id",
                         {})
          : db().execute(nullptr,
                         "SELECT id, realm, subject, kind, scopes, note, created_ms, revoked_ms "
                         "FROM apiary_credentials WHERE realm = ? ORDER BY id",
                         {text(realm)});
  std::vector<Info> out;
  for (const auto& row : r.rows)
    out.push_back(Info{cellInt(row[0]), row[1].bytes, row[2].bytes,
                       static_cast<int32_t>(cellInt(row[3])), row[4].bytes, row[5].bytes,
                       cellInt(row[6]), cellInt(row[7])});
  return out;
}

}  // namespace apiary
