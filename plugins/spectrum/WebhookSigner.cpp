#include "WebhookSigner.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace spectrum {

std::string WebhookSigner::signature(std::string_view secret, int64_t timestampSeconds,
                                     std::string_view body) {
  const std::string message = "v0:" + std::to_string(timestampSeconds) + ":" + std::string(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac,
           &size) == nullptr)
    throw std::runtime_error("HMAC-SHA256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "v0=";
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xF];
  }
  return out;
}

bool WebhookSigner::verify(std::string_view secret, int64_t timestampSeconds, std::string_view body,
                           std::string_view signatureHeader) {
  const std::string expected = signature(secret, timestampSeconds, body);
  return expected.size() == signatureHeader.size() &&
         CRYPTO_memcmp(expected.data(), signatureHeader.data(), expected.size()) == 0;
}

}  // namespace spectrum
