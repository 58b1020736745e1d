// The observer client's version check: upstream accepts semver ">=0.3.3 <0.3.25" (node-semver's
// satisfies). A prerelease (0.3.10-beta) never satisfies a range whose comparators have none,
// as node-semver decides, and a leading "v" or "=" is allowed as semver.clean allows it.
#pragma once

#include <optional>
#include <string_view>
#include <tuple>

namespace spectra_live {

struct ClientVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  bool prerelease = false;

  static std::optional<ClientVersion> parse(std::string_view text);
  // >= 0.3.3 and < 0.3.25, release versions only.
  static bool compatible(std::string_view text);

  auto tuple() const { return std::tie(major, minor, patch); }
};

}  // namespace spectra_live
