// idle_probe: holds N idle keep-alive connections open against a server and measures how fast
// a NEW client is answered meanwhile (bench/run's "1,000 idle connections" row).
//
//   idle_probe PORT PATH IDLE PROBES [silent]
//
// 1. Opens IDLE connections to 127.0.0.1:PORT and sends one "GET PATH" on each (keep-alive),
//    then waits up to 3 s for the answers. With "silent" the connections send nothing at all
//    (a client that connected and went quiet). Either way they then stay open and idle.
// 2. While they are held, PROBES fresh connections each send "GET PATH" (Connection: close)
//    one after another; each is timed from connect() to the end of the answer (limit 10 s).
// 3. Counts how many idle connections the server still holds open.
//
// Prints one line:
//   apiary-idle idle=N answered=N setup_ms=F probes=N probe_p50_ms=F probe_max_ms=F
//               probe_failed=N still_open=N
// Raises its own RLIMIT_NOFILE to the hard limit. Exit status 0 unless it could not run.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

int connectTo(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool sendAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

// True once buffer holds a whole answer (headers and Content-Length bytes of body).
bool complete(const std::string& buffer) {
  const size_t end = buffer.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::string head = buffer.substr(0, end);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t cl = head.find("content-length:");
  if (cl == std::string::npos) return true;  // no body announced
  const size_t length = std::strtoul(head.c_str() + cl + 15, nullptr, 10);
  return buffer.size() >= end + 4 + length;
}

// Reads one answer from a blocking socket, within limitMs. True when complete.
bool readAnswer(int fd, int limitMs) {
  std::string buffer;
  const auto start = Clock::now();
  char chunk[4096];
  while (!complete(buffer)) {
    const int left = limitMs - static_cast<int>(msSince(start));
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, left) <= 0) return false;
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5 || argc > 6 || (argc == 6 && std::string(argv[5]) != "silent")) {
    std::fprintf(stderr, "usage: idle_probe PORT PATH IDLE PROBES [silent]\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const std::string path = argv[2];
  const int idle = std::atoi(argv[3]);
  const int probes = std::atoi(argv[4]);
  const bool silent = argc == 6;
  if (port <= 0 || port > 65535 || path.empty() || path[0] != '/' || idle < 0 || probes <= 0) {
    std::fprintf(stderr, "idle_probe: bad arguments\n");
    return 2;
  }
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  const std::string keepAlive = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const std::string close =
      "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

  // 1. the idle crowd
  const auto setupStart = Clock::now();
  std::vector<int> fds;
  fds.reserve(static_cast<size_t>(idle));
  for (int i = 0; i < idle; ++i) {
    const int fd = connectTo(port);
    if (fd < 0) {
      std::fprintf(stderr, "idle_probe: connection %d failed: %s\n", i, std::strerror(errno));
      for (int f : fds) ::close(f);
      return 1;
    }
    if (!silent && !sendAll(fd, keepAlive)) {
      std::fprintf(stderr, "idle_probe: send on connection %d failed\n", i);
      ::close(fd);
      for (int f : fds) ::close(f);
      return 1;
    }
    fds.push_back(fd);
  }
  int answered = 0;
  if (!silent) {
    std::vector<std::string> buffers(fds.size());
    std::vector<bool> done(fds.size(), false);
    const auto deadline = Clock::now() + std::chrono::seconds(3);
    std::vector<pollfd> set;
    while (answered < idle && Clock::now() < deadline) {
      set.clear();
      std::vector<size_t> index;
      for (size_t i = 0; i < fds.size(); ++i)
        if (!done[i]) {
          set.push_back({fds[i], POLLIN, 0});
          index.push_back(i);
        }
      const int left = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
      if (::poll(set.data(), set.size(), std::max(left, 0)) <= 0) break;
      char chunk[4096];
      for (size_t k = 0; k < set.size(); ++k) {
        if (set[k].revents == 0) continue;
        const size_t i = index[k];
        const ssize_t n = ::recv(fds[i], chunk, sizeof chunk, 0);
        if (n <= 0) {
          done[i] = true;  // closed before answering: not counted
          continue;
        }
        buffers[i].append(chunk, static_cast<size_t>(n));
        if (complete(buffers[i])) {
          done[i] = true;
          ++answered;
        }
      }
    }
  }
  const double setupMs = msSince(setupStart);

  // 2. new clients while the crowd is held
  std::vector<double> times;
  int failed = 0;
  for (int i = 0; i < probes; ++i) {
    const auto start = Clock::now();
    const int fd = connectTo(port);
    const bool ok = fd >= 0 && sendAll(fd, close) && readAnswer(fd, 10000);
    if (fd >= 0) ::close(fd);
    if (ok)
      times.push_back(msSince(start));
    else
      ++failed;
  }

  // 3. how many of the crowd the server still holds (a closed one reads EOF or an error)
  int open = 0;
  for (int fd : fds) {
    pollfd p{fd, POLLIN, 0};
    char c;
    if (::poll(&p, 1, 0) == 0 || (::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) > 0)) ++open;
  }
  for (int fd : fds) ::close(fd);

  std::sort(times.begin(), times.end());
  const double p50 = times.empty() ? -1 : times[times.size() / 2];
  const double max = times.empty() ? -1 : times.back();
  std::printf(
      "apiary-idle idle=%d answered=%d setup_ms=%.1f probes=%d probe_p50_ms=%.2f "
      "probe_max_ms=%.2f probe_failed=%d still_open=%d\n",
      idle, silent ? 0 : answered, setupMs, probes, p50, max, failed, open);
  return 0;
}
