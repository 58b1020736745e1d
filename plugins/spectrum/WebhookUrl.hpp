// Webhook URLs: the syntax check at registration (absolute http/https URL with a host, as Photon
// accepts http:// there) and the guard at delivery (HTTPS only, public addresses only, unless
// the operator allows otherwise), which keeps deliveries from reaching internal services (SSRF).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace spectrum {

struct ParsedUrl {
  std::string scheme;  // "http" or "https", lowercase
  std::string host;    // without brackets for IPv6 literals
  int port = 0;        // 0: the scheme's default
};

class WebhookUrl {
 public:
  static constexpr size_t kMaxLength = 2048;

  // nullopt unless url is an absolute http(s) URL with a host, printable ASCII (IDN hosts and
  // non-ASCII paths must be percent-encoded / punycode), no user:password@, a valid port.
  static std::optional<ParsedUrl> parse(std::string_view url);

  struct Verdict {
    enum Kind { Allowed, Refused, Retry } kind = Allowed;
    std::string reason;
  };
  // Resolves the host (getaddrinfo) unless private addresses are allowed. Refused is final (no
  // retry); Retry means the name did not resolve now.
  static Verdict checkDelivery(const ParsedUrl& url, bool allowInsecure, bool allowPrivate);

  // True for a global unicast address; false for loopback, private, link-local, CGNAT,
  // multicast, documentation and other special-purpose ranges (IPv4 and IPv6), or non-IP text.
  static bool isPublicAddress(const std::string& ip);
};

}  // namespace spectrum
