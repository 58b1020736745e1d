// Outbound HTTP configuration: CA bundle and the defaults for timeouts and response size.
#pragma once

#include <cstdint>
#include <string>

namespace apiary {

struct OutboundSettings {
  std::string caFile;  // PEM CA bundle; empty: the system CA store (/etc/ssl/certs)
  int64_t connectTimeoutMs = 5000, totalTimeoutMs = 30000, maxResponseBytes = 8 * 1024 * 1024;
};

}  // namespace apiary
