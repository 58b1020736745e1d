// The host's version, also reported to plugins in apiary_host_info.
#pragma once

namespace apiary {
inline constexpr char kApiaryVersion[] = "0.1.0";
}
