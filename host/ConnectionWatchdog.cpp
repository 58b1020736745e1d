#include "ConnectionWatchdog.h"

#include <sys/socket.h>

namespace apiary {

namespace {
enum Phase : int { kIdle = 0, kHeaders = 1, kBody = 2 };  // kIdle: Entry::phase starts there

int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

thread_local ConnectionWatchdog::Entry* current = nullptr;
}  // namespace

ConnectionWatchdog::ConnectionWatchdog(Budgets budgets)
    : budgets_(budgets), thread_([this] { run(); }) {}

ConnectionWatchdog::~ConnectionWatchdog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ConnectionWatchdog::arm(Entry& entry, int phase, std::chrono::milliseconds budget) {
  entry.deadlineNs.store(nowNs() + std::chrono::nanoseconds(budget).count(),
                         std::memory_order_relaxed);
  entry.phase.store(phase, std::memory_order_release);
}

ConnectionWatchdog::Registration::Registration(ConnectionWatchdog& watchdog, int fd,
                                               bool plainText) {
  entry_.owner = &watchdog;
  entry_.fd = fd;
  entry_.plainText = plainText;
  watchdog.arm(entry_, kHeaders, watchdog.budgets_.headers);
  {
    std::lock_guard lock(watchdog.mutex_);
    watchdog.entries_.push_front(entry_);
  }
  current = &entry_;
}

ConnectionWatchdog::Registration::~Registration() {
  current = nullptr;
  ConnectionWatchdog& watchdog = *entry_.owner;
  std::lock_guard lock(watchdog.mutex_);
  watchdog.entries_.erase(watchdog.entries_.iterator_to(entry_));
}

void ConnectionWatchdog::headersRead(bool expectBody) {
  if (current == nullptr) return;
  if (expectBody)
    current->owner->arm(*current, kBody, current->owner->budgets_.body);
  else
    current->phase.store(kIdle, std::memory_order_release);
}

void ConnectionWatchdog::bodyRead() {
  if (current != nullptr) current->phase.store(kIdle, std::memory_order_release);
}

bool ConnectionWatchdog::bodyTimedOut() {
  return current != nullptr && current->bodyExpired.load(std::memory_order_acquire);
}

void ConnectionWatchdog::responseSent() {
  if (current == nullptr) return;
  // The next request may take the keep-alive idle time to start, then the headers budget.
  current->owner->arm(*current, kHeaders,
                      current->owner->budgets_.keepAliveIdle + current->owner->budgets_.headers);
}

void ConnectionWatchdog::detached() {
  if (current == nullptr) return;
  current->phase.store(kIdle, std::memory_order_release);
  current = nullptr;  // later hooks on this thread (responseSent) are no-ops
}

void ConnectionWatchdog::run() {
  // A coarse tick: budgets are seconds, and 100 ms of slack costs nothing.
  static constexpr char kTimeout[] =
      "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=utf-8\r\n"
      "Content-Length: 29\r\nConnection: close\r\n\r\n{\"error\":\"Request timeout\"}\r\n";
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(100));
    const int64_t now = nowNs();
    for (Entry& e : entries_) {
      const int phase = e.phase.load(std::memory_order_acquire);
      if (phase == kIdle || e.deadlineNs.load(std::memory_order_relaxed) > now) continue;
      int expected = phase;  // the worker may have moved on meanwhile
      if (!e.phase.compare_exchange_strong(expected, kIdle)) continue;
      ++expired_;
      if (phase == kHeaders) {
        // No request is being answered: on plain HTTP tell the client why, then close both
        // ways. (On TLS the bytes would have to go through the worker's SSL session.)
        if (e.plainText) {
          [[maybe_unused]] const ssize_t sent =
              ::send(e.fd, kTimeout, sizeof kTimeout - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        ::shutdown(e.fd, SHUT_RDWR);
      } else {
        // The pipeline is reading the body: end its read and let it answer 408 itself.
        e.bodyExpired.store(true, std::memory_order_release);
        ::shutdown(e.fd, SHUT_RD);
      }
    }
  }
}

}  // namespace apiary
