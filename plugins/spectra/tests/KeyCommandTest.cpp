// `apiary spectra key ...` through the fake host's command().
#include "KeyHash.hpp"
#include "SpectraTesting.hpp"

namespace spectra::testing {
namespace {

class KeyCommands : public SpectraTest {};

TEST_F(KeyCommands, CreatePrintsTheKeyOnceAndStoresOnlyItsHash) {
  auto host = load();
  const auto created = host.command({"key", "create", "--org-name", "Acme Esports", "--supporter"});
  ASSERT_EQ(created.code, 0) << created.err;
  const std::string key = created.out.substr(0, created.out.size() - 1);
  EXPECT_EQ(created.out.back(), '\n');
  EXPECT_EQ(key.rfind("spectra_", 0), 0u);
  EXPECT_EQ(key.size(), 8u + 64u);
  EXPECT_NE(created.err.find("Acme Esports"), std::string::npos);
  EXPECT_NE(created.err.find("shown only now"), std::string::npos);

  const auto rows = host.sql("SELECT key_hash, org_name, is_supporter FROM spectra_keys");
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(rows.rows[0][0].bytes, KeyHash::sha256Hex(key));
  EXPECT_EQ(rows.rows[0][1].bytes, "Acme Esports");
  EXPECT_EQ(rows.rows[0][2].int64, 1);

  const auto list = host.command({"key", "list"});
  EXPECT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("1\torg_"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("Acme Esports\tyes\t2026-01-01T00:00:00Z\tactive"), std::string::npos);
  EXPECT_EQ(list.out.find(key), std::string::npos);  // never shown again
}

TEST_F(KeyCommands, RevokeStopsTheKey) {
  auto host = load();
  const auto created = host.command({"key", "create", "--org-name", "A", "--org-id", "a-1"});
  const std::string key = created.out.substr(0, created.out.size() - 1);
  EXPECT_EQ(host.call("GET", "/getOrgForKey?key=" + key).status, 200);
  const auto revoked = host.command({"key", "revoke", "1"});
  EXPECT_EQ(revoked.code, 0);
  EXPECT_EQ(revoked.out, "revoked key 1\n");
  EXPECT_EQ(host.call("GET", "/getOrgForKey?key=" + key).status, 401);
  EXPECT_EQ(host.command({"key", "revoke", "1"}).code, 1);
  EXPECT_EQ(host.command({"key", "revoke", "99"}).code, 1);
  EXPECT_NE(host.command({"key", "list"}).out.find("revoked 2026-01-01T00:00:00Z"),
            std::string::npos);
}

TEST_F(KeyCommands, UsageErrors) {
  auto host = load();
  for (const std::vector<std::string>& args : {std::vector<std::string>{},
                                               {"key"},
                                               {"keys", "list"},
                                               {"key", "create"},
                                               {"key", "create", "--org-name"},
                                               {"key", "create", "--org-name", ""},
                                               {"key", "create", "--org-name", "A", "--bogus"},
                                               {"key", "revoke"},
                                               {"key", "revoke", "x"},
                                               {"key", "revoke", "0"},
                                               {"key", "list", "extra"}}) {
    const auto r = host.command(args);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("usage:"), std::string::npos);
  }
  EXPECT_TRUE(host.sql("SELECT id FROM spectra_keys").rows.empty());
}

TEST_F(KeyCommands, IdsIncrease) {
  auto host = load();
  host.command({"key", "create", "--org-name", "A"});
  host.command({"key", "create", "--org-name", "B"});
  const auto rows = host.sql("SELECT id, org_id FROM spectra_keys ORDER BY id");
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[1][0].int64, 2);
  EXPECT_NE(rows.rows[0][1].bytes, rows.rows[1][1].bytes);  // generated org ids differ
}

}  // namespace
}  // namespace spectra::testing
