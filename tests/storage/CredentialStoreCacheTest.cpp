// CredentialStore with its verified-token cache, on a real SQLite file: revoke and rotate in
// this process take effect at once; a revoke by another process (a second store on the same
// file, as the CLI is) is seen only after the cache TTL, which is the documented bound.
#include "CredentialStore.h"
#include "StorageRegistry.h"

#include <apiary/abi.h>

#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <filesystem>
#include <thread>

namespace apiary {
namespace {

namespace fs = std::filesystem;

class CredentialStoreCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/apiary-cred-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    dir_ = templ;
    settings_.sqlitePath = dir_ + "/apiary.db";
    settings_.poolSize = 2;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string dir_;
  StorageSettings settings_;
};

TEST_F(CredentialStoreCacheTest, RevokeInThisProcessTakesEffectAtOnce) {
  StorageRegistry storage(settings_);
  CredentialStore store(storage, 1000);
  const auto issued = store.issue("api", "", APIARY_CREDENTIAL_TOKEN, {"read"}, "", "");
  CredentialStore::Verified who;
  ASSERT_TRUE(store.verify("api", "", issued.secret, who));  // now cached
  ASSERT_TRUE(store.verify("api", "", issued.secret, who));  // from the cache
  EXPECT_EQ(who.id, issued.id);
  EXPECT_EQ(who.principal, "token:" + std::to_string(issued.id));
  EXPECT_EQ(who.scopes, std::vector<std::string>{"read"});
  EXPECT_FALSE(store.verify("other", "", issued.secret, who));  // realm is part of the key
  store.revoke("api", issued.id);
  EXPECT_FALSE(store.verify("api", "", issued.secret, who));
}

TEST_F(CredentialStoreCacheTest, RotateInThisProcessRetiresTheOldSecretAtOnce) {
  StorageRegistry storage(settings_);
  CredentialStore store(storage, 1000);
  const auto issued = store.issue("api", "", APIARY_CREDENTIAL_TOKEN, {"*"}, "", "");
  CredentialStore::Verified who;
  ASSERT_TRUE(store.verify("api", "", issued.secret, who));
  const std::string fresh = store.rotate("api", issued.id, "");
  EXPECT_FALSE(store.verify("api", "", issued.secret, who));
  EXPECT_TRUE(store.verify("api", "", fresh, who));
  EXPECT_EQ(who.id, issued.id);
}

TEST_F(CredentialStoreCacheTest, ARevokeByAnotherProcessIsSeenOnceTheCacheExpires) {
  StorageRegistry daemonStorage(settings_);
  CredentialStore daemon(daemonStorage, 1000);
  const auto issued = daemon.issue("api", "", APIARY_CREDENTIAL_TOKEN, {"read"}, "", "");
  CredentialStore::Verified who;
  // Unknown secrets are never cached: a wrong token is refused every time.
  EXPECT_FALSE(daemon.verify("api", "", std::string(64, '0'), who));
  ASSERT_TRUE(daemon.verify("api", "", issued.secret, who));

  StorageRegistry cliStorage(settings_);  // a second pool on the same file, like `apiary token`
  CredentialStore cli(cliStorage, 1000);
  cli.revoke("api", issued.id);
  EXPECT_FALSE(cli.verify("api", "", issued.secret, who));
  // The daemon may still accept it for up to kTokenCacheTtl (documented), never longer.
  const auto deadline =
      std::chrono::steady_clock::now() + CredentialStore::kTokenCacheTtl + std::chrono::seconds(5);
  bool refused = false;
  while (!refused && std::chrono::steady_clock::now() < deadline) {
    refused = !daemon.verify("api", "", issued.secret, who);
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(refused) << "a revoked token was still accepted after the cache TTL";
}

}  // namespace
}  // namespace apiary
