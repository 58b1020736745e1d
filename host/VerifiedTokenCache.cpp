#include "VerifiedTokenCache.h"

#include <algorithm>
#include <functional>

namespace apiary {

VerifiedTokenCache::VerifiedTokenCache(size_t capacity, std::chrono::milliseconds ttl)
    : capacityPerShard_(std::max<size_t>(1, capacity / kShards)), ttl_(ttl) {}

std::string VerifiedTokenCache::key(std::string_view realm, std::string_view digest) {
  std::string k;
  k.reserve(realm.size() + 1 + digest.size());
  k.append(realm).push_back('\0');  // realms never contain NUL: no two pairs share a key
  k.append(digest);
  return k;
}

VerifiedTokenCache::Shard& VerifiedTokenCache::shardFor(const std::string& k) const {
  return shards_[std::hash<std::string>{}(k) % kShards];
}

bool VerifiedTokenCache::find(std::string_view realm, std::string_view digest, Grant& out) const {
  if (ttl_.count() <= 0) return false;
  const std::string k = key(realm, digest);
  Shard& shard = shardFor(k);
  std::lock_guard lock(shard.mutex);
  const auto it = shard.slots.find(k);
  if (it == shard.slots.end()) return false;
  if (now_() >= it->second.expires) {
    shard.slots.erase(it);
    return false;
  }
  out = it->second.grant;
  return true;
}

void VerifiedTokenCache::store(std::string_view realm, std::string_view digest, const Grant& grant,
                               uint64_t epochBefore) {
  if (ttl_.count() <= 0) return;
  std::string k = key(realm, digest);
  Shard& shard = shardFor(k);
  const Clock::time_point now = now_();
  std::lock_guard lock(shard.mutex);
  // Checked under the shard lock: clear() bumps the epoch before it takes the shard locks, so
  // either this store sees the new epoch or clear() removes what it stored.
  if (epoch_.load(std::memory_order_acquire) != epochBefore) return;
  if (shard.slots.size() >= capacityPerShard_ && shard.slots.find(k) == shard.slots.end()) {
    std::erase_if(shard.slots, [&](const auto& s) { return now >= s.second.expires; });
    // Still full of live entries: drop one. Any victim is fine; it only costs a SELECT.
    if (shard.slots.size() >= capacityPerShard_) shard.slots.erase(shard.slots.begin());
  }
  shard.slots.insert_or_assign(std::move(k), Slot{grant, now + ttl_});
}

void VerifiedTokenCache::clear() {
  epoch_.fetch_add(1, std::memory_order_acq_rel);
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.slots.clear();
  }
}

size_t VerifiedTokenCache::sizeForTest() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.slots.size();
  }
  return n;
}

}  // namespace apiary
