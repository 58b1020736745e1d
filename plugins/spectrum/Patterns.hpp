// The formats Photon's OpenAPI document validates with: UUID (Zod's pattern: versions 1-8, RFC
// variant, nil and max), E.164 phone numbers, e-mail addresses.
#pragma once

#include <string_view>

namespace spectrum {

class Patterns {
 public:
  static constexpr size_t kMaxEmailLength = 254;

  // ^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}
  //   |00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$
  static bool isUuid(std::string_view s);
  // ^\+[1-9]\d{6,14}$
  static bool isE164(std::string_view s);
  // ^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$
  // and at most kMaxEmailLength bytes (RFC 5321), checked before the regex runs.
  static bool isEmail(std::string_view s);
  // Case-insensitive ASCII equality (UUIDs compare without regard to case).
  static bool equalsIgnoreCase(std::string_view a, std::string_view b);
};

}  // namespace spectrum
