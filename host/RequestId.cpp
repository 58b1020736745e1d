#include "RequestId.h"

#include <random>

namespace apiary {

bool RequestId::acceptable(std::string_view value) {
  if (value.empty() || value.size() > 64) return false;
  for (char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string RequestId::generate() {
  // Per-thread generator: no lock on the hot path. Ids need uniqueness, not secrecy.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t bits = engine();
  std::string id(16, '0');
  for (char& c : id) {
    c = kHex[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

std::string RequestId::fromClientOrNew(const std::string* clientValue) {
  if (clientValue != nullptr && acceptable(*clientValue)) return *clientValue;
  return generate();
}

}  // namespace apiary
