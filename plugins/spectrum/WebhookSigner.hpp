// Photon's webhook signature: X-Spectrum-Signature = "v0=" + lowercase hex of
// HMAC-SHA256(key = the webhook's signingSecret (its 64 ASCII hex characters),
//             message = "v0:" + X-Spectrum-Timestamp + ":" + raw body).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace spectrum {

class WebhookSigner {
 public:
  static std::string signature(std::string_view secret, int64_t timestampSeconds,
                               std::string_view body);
  // Constant-time comparison, for receivers (and tests) checking a signature.
  static bool verify(std::string_view secret, int64_t timestampSeconds, std::string_view body,
                     std::string_view signatureHeader);
};

}  // namespace spectrum
