#include "KeyHash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace spectra {
namespace {

std::string hex(const unsigned char* data, size_t size) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 0x0F];
  }
  return out;
}

}  // namespace

std::string KeyHash::sha256Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return hex(digest, size);
}

bool KeyHash::equalConstantTime(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string KeyHash::generate(std::string_view prefix) {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw std::runtime_error("no random bytes from OpenSSL");
  return std::string(prefix) + hex(bytes, sizeof bytes);
}

std::string KeyHash::randomString(std::string_view alphabet, size_t length) {
  if (alphabet.empty() || alphabet.size() > 256) throw std::invalid_argument("bad alphabet");
  // Rejection sampling: only bytes below the largest multiple of the alphabet size.
  const unsigned limit = 256 - (256 % alphabet.size());
  std::string out;
  unsigned char bytes[32];
  while (out.size() < length) {
    if (RAND_bytes(bytes, sizeof bytes) != 1)
      throw std::runtime_error("no random bytes from OpenSSL");
    for (unsigned char b : bytes)
      if (b < limit && out.size() < length) out += alphabet[b % alphabet.size()];
  }
  return out;
}

}  // namespace spectra
