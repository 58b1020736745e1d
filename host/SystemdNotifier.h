// sd_notify without libsystemd: one datagram per state change to $NOTIFY_SOCKET (Type=notify).
// Harmless when not under systemd (no socket: every call does nothing).
#pragma once

#include <string>

namespace apiary {

class SystemdNotifier {
 public:
  SystemdNotifier();  // reads NOTIFY_SOCKET once

  void ready(const std::string& status);
  // RELOADING=1 with MONOTONIC_USEC, as systemd 252 wants for `systemctl reload` to wait.
  void reloading(const std::string& status);
  void stopping(const std::string& status);
  void status(const std::string& status);
  bool enabled() const { return !socketPath_.empty(); }

 private:
  void send(const std::string& message);

  std::string socketPath_;
};

}  // namespace apiary
