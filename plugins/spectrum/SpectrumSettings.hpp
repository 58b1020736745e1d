// The plugin's configuration (README.md lists every key), read strictly by the SDK's ConfigReader.
#pragma once

#include <apiary/config.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace spectrum {

struct DeliverySettings {
  bool allowInsecure = false;  // deliver to http:// URLs (tests, local development)
  bool allowPrivate = false;   // deliver to loopback/private addresses (no DNS check)
  int maxAttempts = 6;
  std::vector<int64_t> retryDelaysMs = {200, 1000, 5000, 10000, 10000};
  bool jitter = true;  // multiply each delay by a random factor in [0.5, 1.5)
  int64_t attemptTimeoutMs = 30000;
  int64_t pollIntervalMs = 100;
  int workers = 2;  // 0: deliveries run on the timer tick itself (deterministic tests)
  int batchSize = 16;
};

struct SpectrumSettings {
  std::string authProvider = "basic:spectrum";
  std::string realm = "spectrum";
  bool rateLimit = true;
  int64_t requestsPerSecond = 5;
  int64_t maxSharedUsers = 1000;
  int64_t linePriceCents = 5000;  // monthly price of one dedicated iMessage line
  bool demo = false;
  DeliverySettings delivery;

  void read(const apiary::ConfigReader& config);
};

}  // namespace spectrum
