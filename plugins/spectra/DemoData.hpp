// Demo data for the quick start ("demo": true): a known access key for a demo organisation and
// one finished match, so that every route answers something. Refreshed by each sweep so the
// finished match never expires while demo mode is on; with demo mode off, the demo key is
// removed at start (it must not outlive the setting).
#pragma once

#include "KeyStore.hpp"
#include "MatchStore.hpp"

namespace spectra {

class DemoData {
 public:
  static constexpr const char* kKey = "spectra-demo-key";
  static constexpr const char* kOrgId = "demo";
  static constexpr const char* kOrgName = "Spectra Demo";
  static constexpr const char* kGroupCode = "DEM042";

  static void install(const KeyStore& keys, const MatchStore& matches, int64_t nowMs);
  static void refresh(const MatchStore& matches, int64_t nowMs);
  static void uninstall(const KeyStore& keys);
};

}  // namespace spectra
