// Secret hashing shared by the host's credential store and plugins that check secrets
// themselves (auth-basic's htpasswd file): SHA-256 for generated high-entropy tokens,
// PBKDF2-HMAC-SHA256 for human passwords, constant-time comparison. Needs OpenSSL (libcrypto);
// not included by apiary.hpp.
//
// Password format: pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>
#pragma once

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace apiary::password_hash {

inline std::string toHex(const unsigned char* data, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0xF];
  }
  return out;
}

inline std::string randomHex(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1)
    throw std::runtime_error("no randomness available");
  return toHex(raw.data(), raw.size());
}

inline std::string sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
  // OpenSSL 3's one-shot SHA256() looks the algorithm up in the provider registry on every call,
  // which cost more than hashing a token (callgrind: ~8,000 instructions per call, about 40% of
  // it the fetch). Fetched once per process (per plugin), then reused; it is never freed.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned int size = 0;
  if (sha256 == nullptr ||
      EVP_Digest(data.data(), data.size(), digest, &size, sha256, nullptr) != 1 ||
      size != sizeof digest)
    throw std::runtime_error("SHA-256 failed");
#else
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
#endif
  return toHex(digest, sizeof digest);
}

// Compares contents in time independent of where they differ. Lengths are not secret here:
// both sides are fixed-size digests.
inline bool constantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

inline std::string pbkdf2Hex(std::string_view password, std::string_view salt, int iterations) {
  unsigned char out[32];
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof out,
                        out) != 1)
    throw std::runtime_error("PBKDF2 failed");
  return toHex(out, sizeof out);
}

inline std::string hashPassword(std::string_view password, int iterations) {
  const std::string salt = randomHex(16);
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + salt + "$" +
         pbkdf2Hex(password, salt, iterations);
}

// False for a wrong password or a malformed encoding.
inline bool verifyPassword(std::string_view password, std::string_view encoded) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t dollar = encoded.find('$', start);
    parts.push_back(encoded.substr(start, dollar - start));
    if (dollar == std::string_view::npos) break;
    start = dollar + 1;
  }
  if (parts.size() != 4 || parts[0] != "pbkdf2-sha256") return false;
  int iterations = 0;
  for (char c : parts[1]) {
    if (c < '0' || c > '9' || iterations > 10000000) return false;
    iterations = iterations * 10 + (c - '0');
  }
  if (iterations < 1 || iterations > 10000000) return false;
  return constantTimeEquals(pbkdf2Hex(password, parts[2], iterations), parts[3]);
}

}  // namespace apiary::password_hash
