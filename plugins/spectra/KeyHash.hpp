// Hashing and generating access keys and codes (OpenSSL): operator-issued keys are stored only as
// their SHA-256, and secrets are compared in constant time.
#pragma once

#include <string>
#include <string_view>

namespace spectra {

class KeyHash {
 public:
  // Lower-case hex SHA-256 of text.
  static std::string sha256Hex(std::string_view text);
  // Equal secrets, compared without an early exit (the lengths are not secret).
  static bool equalConstantTime(std::string_view a, std::string_view b);
  // A new key: prefix + 32 random bytes as lower-case hex (256 bits from the OpenSSL CSPRNG).
  static std::string generate(std::string_view prefix);
  // length characters drawn uniformly from alphabet (at most 256 characters) with the CSPRNG,
  // so that codes others can read with cannot be predicted from earlier ones.
  static std::string randomString(std::string_view alphabet, size_t length);
};

}  // namespace spectra
