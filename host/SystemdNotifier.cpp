#include "SystemdNotifier.h"

#include <Poco/Logger.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace apiary {

SystemdNotifier::SystemdNotifier() {
  if (const char* path = std::getenv("NOTIFY_SOCKET"); path != nullptr && *path != '\0')
    socketPath_ = path;
}

void SystemdNotifier::send(const std::string& message) {
  if (socketPath_.empty()) return;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socketPath_.size() >= sizeof(address.sun_path)) return;
  std::memcpy(address.sun_path, socketPath_.data(), socketPath_.size());
  socklen_t length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socketPath_.size());
  if (address.sun_path[0] == '@') address.sun_path[0] = '\0';  // abstract namespace
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  if (::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL,
               reinterpret_cast<const sockaddr*>(&address), length) < 0)
    Poco::Logger::get("host").warning("sd_notify to " + socketPath_ + " failed: " +
                                      std::strerror(errno));
  ::close(fd);
}

void SystemdNotifier::ready(const std::string& status) { send("READY=1\nSTATUS=" + status); }

void SystemdNotifier::reloading(const std::string& status) {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  const long long usec = static_cast<long long>(now.tv_sec) * 1000000LL + now.tv_nsec / 1000;
  send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec) + "\nSTATUS=" + status);
}

void SystemdNotifier::stopping(const std::string& status) { send("STOPPING=1\nSTATUS=" + status); }

void SystemdNotifier::status(const std::string& status) { send("STATUS=" + status); }

}  // namespace apiary
