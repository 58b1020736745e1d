// Recently verified bearer tokens, so that a request with a known token skips the credential
// SELECT (which, compiled again on every call, dominated authenticated requests: bench/README.md).
//
// Only successful verifications are kept, keyed by realm and the token's SHA-256 (never the
// secret), for at most `ttl`, in at most `capacity` entries. A revoke or rotate through this
// process clears the cache before it returns, and an epoch counter stops a verification that
// read the database before the change from storing its stale answer afterwards. A revoke or
// rotate made by ANOTHER process on the same database (the `apiary token` CLI next to a running
// daemon) is seen by this process within `ttl`: that is the staleness bound operators get.
// Sharded by key hash so that workers do not contend on one lock.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace apiary {

class VerifiedTokenCache {
 public:
  struct Grant {
    int64_t id = 0;
    std::string principal;
    std::vector<std::string> scopes;
  };
  using Clock = std::chrono::steady_clock;

  VerifiedTokenCache(size_t capacity, std::chrono::milliseconds ttl);

  // True and the grant when (realm, digest) was verified less than ttl ago and not cleared.
  bool find(std::string_view realm, std::string_view digest, Grant& out) const;
  // Read before the database lookup, handed to store(): a clear() in between drops the store.
  uint64_t epoch() const { return epoch_.load(std::memory_order_acquire); }
  void store(std::string_view realm, std::string_view digest, const Grant& grant,
             uint64_t epochBefore);
  // After any change to stored credentials (revoke, rotate) in this process.
  void clear();

  size_t sizeForTest() const;
  // Lets tests age entries without sleeping.
  void setClockForTest(Clock::time_point (*now)()) { now_ = now; }

 private:
  struct Slot {
    Grant grant;
    Clock::time_point expires;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Slot> slots;
  };
  static constexpr size_t kShards = 8;

  static std::string key(std::string_view realm, std::string_view digest);
  Shard& shardFor(const std::string& key) const;

  size_t capacityPerShard_;
  std::chrono::milliseconds ttl_;
  std::atomic<uint64_t> epoch_{0};
  Clock::time_point (*now_)() = &Clock::now;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace apiary
