// WebSocket limits and timers of the host (config key "websocket"), shared by every listener.
#pragma once

#include <cstdint>

namespace apiary {

struct WebSocketSettings {
  int64_t maxMessageBytes = 1024 * 1024;  // one frame or one reassembled message; 1009 beyond
  int maxConnections = 10000;             // open WebSockets per process; upgrades answer 503 beyond
  int pingIntervalMs = 25000;             // the host pings an idle-or-not client this often
  int pongTimeoutMs = 20000;              // and closes (1001) when no pong arrives within this
  int sendTimeoutMs = 5000;               // a send blocked this long on a full socket closes it
  int frameTimeoutMs = 2000;  // once a frame started, the rest must arrive within this (1008)
  int closeGraceMs = 2000;    // after our close frame, how long we wait for the client's
};

}  // namespace apiary
