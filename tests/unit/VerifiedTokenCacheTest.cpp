// VerifiedTokenCache: hits, expiry, bound, realm separation, and the epoch that keeps a
// verification racing a revoke from caching its stale answer.
#include "VerifiedTokenCache.h"

#include <gtest/gtest.h>

#include <string>

namespace apiary {
namespace {

using Clock = VerifiedTokenCache::Clock;
using namespace std::chrono_literals;

Clock::time_point fakeNow = Clock::time_point{} + 1h;
Clock::time_point readFakeNow() {
  return fakeNow;
}

VerifiedTokenCache::Grant grant(int64_t id) {
  return {id, "token:" + std::to_string(id), {"read", "write"}};
}

TEST(VerifiedTokenCacheTest, FindsWhatWasStoredForTheSameRealmOnly) {
  VerifiedTokenCache cache(64, 5s);
  VerifiedTokenCache::Grant out;
  EXPECT_FALSE(cache.find("api", "d1", out));
  cache.store("api", "d1", grant(7), cache.epoch());
  ASSERT_TRUE(cache.find("api", "d1", out));
  EXPECT_EQ(out.id, 7);
  EXPECT_EQ(out.principal, "token:7");
  EXPECT_EQ(out.scopes, (std::vector<std::string>{"read", "write"}));
  EXPECT_FALSE(cache.find("ops", "d1", out));
  EXPECT_FALSE(cache.find("api", "d2", out));
  // realm and digest are joined with a NUL: "a"+"b\0c" must not meet "a\0b"+"c"
  EXPECT_FALSE(cache.find(std::string_view("api\0d", 5), "1", out));
}

TEST(VerifiedTokenCacheTest, EntriesExpireAfterTheTtl) {
  VerifiedTokenCache cache(64, 5s);
  cache.setClockForTest(&readFakeNow);
  cache.store("api", "d1", grant(1), cache.epoch());
  VerifiedTokenCache::Grant out;
  fakeNow += 4999ms;
  EXPECT_TRUE(cache.find("api", "d1", out));
  fakeNow += 1ms;
  EXPECT_FALSE(cache.find("api", "d1", out));
  EXPECT_EQ(cache.sizeForTest(), 0u);  // the expired entry was dropped on the way
}

TEST(VerifiedTokenCacheTest, ClearDropsEverythingAndRefusesStoresFromBeforeIt) {
  VerifiedTokenCache cache(64, 5s);
  cache.store("api", "d1", grant(1), cache.epoch());
  const uint64_t before = cache.epoch();       // a verification reads the database now...
  cache.clear();                               // ...a revoke lands...
  cache.store("api", "d2", grant(2), before);  // ...and its stale answer arrives
  VerifiedTokenCache::Grant out;
  EXPECT_FALSE(cache.find("api", "d1", out));
  EXPECT_FALSE(cache.find("api", "d2", out));
  cache.store("api", "d2", grant(2), cache.epoch());
  EXPECT_TRUE(cache.find("api", "d2", out));
}

TEST(VerifiedTokenCacheTest, StaysWithinItsCapacity) {
  VerifiedTokenCache cache(16, 5s);
  for (int i = 0; i < 1000; ++i)
    cache.store("api", "d" + std::to_string(i), grant(i), cache.epoch());
  EXPECT_LE(cache.sizeForTest(), 16u);
  EXPECT_GT(cache.sizeForTest(), 0u);
}

TEST(VerifiedTokenCacheTest, ZeroTtlCachesNothing) {
  VerifiedTokenCache cache(16, 0ms);
  cache.store("api", "d1", grant(1), cache.epoch());
  VerifiedTokenCache::Grant out;
  EXPECT_FALSE(cache.find("api", "d1", out));
  EXPECT_EQ(cache.sizeForTest(), 0u);
}

}  // namespace
}  // namespace apiary
