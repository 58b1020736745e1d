// Identifiers and secrets from OpenSSL's CSPRNG: UUIDv4 ids, hex secrets.
#pragma once

#include <string>

namespace spectrum {

class RandomIds {
 public:
  // A random (version 4, RFC 4122 variant) UUID in lowercase.
  static std::string uuid();
  // 2 * bytes lowercase hex characters (webhook signing secrets: 32 bytes -> 64 chars).
  static std::string hex(size_t bytes);
  // A uniform double in [0, 1), for retry jitter.
  static double unit();
};

}  // namespace spectrum
