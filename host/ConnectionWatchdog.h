// Whole-phase deadlines for the connections of one listener. Poco's timeout is per socket read,
// so a client sending one byte a second (slowloris) never trips it and holds a worker forever.
// The watchdog gives each phase a total budget: request headers (from accept, or from the last
// response on a keep-alive connection) and the request body. When a budget runs out it shuts the
// socket down under the worker, whose blocked read then returns at once.
//
// The worker thread that serves a connection owns its Entry, on its own stack (Registration); the
// phase hooks are static and find it through a thread-local, so the request pipeline needs no
// handle to the connection. Registering costs no allocation and no system call: entries form an
// intrusive list (Boost.Intrusive), and the watchdog acts on the connection's own descriptor, which
// is safe because (a) it does so only under the list's mutex, for a registered entry in a timed
// phase, and (b) the descriptor stays open while the entry is registered in a timed phase: the
// serving loop unregisters before its session closes the socket, and a handler that takes the
// socket over (a WebSocket, which may close it) leaves the entry idle
// (detached(), called by WebSocketHub::upgrade).
#pragma once

#include <boost/intrusive/list.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace apiary {

class ConnectionWatchdog {
 public:
  struct Budgets {
    std::chrono::milliseconds headers{20000};       // request line and headers (and TLS handshake)
    std::chrono::milliseconds body{60000};          // the whole request body
    std::chrono::milliseconds keepAliveIdle{5000};  // added to headers between requests
  };

  // One registered connection. Its fields belong to the watchdog; only Registration makes one.
  struct Entry {
    ConnectionWatchdog* owner = nullptr;
    boost::intrusive::list_member_hook<> hook;  // owner->entries_, under owner->mutex_
    int fd = -1;
    bool plainText = false;
    std::atomic<int> phase{0};
    std::atomic<int64_t> deadlineNs{0};
    std::atomic<bool> bodyExpired{false};
  };

  explicit ConnectionWatchdog(Budgets budgets);
  ~ConnectionWatchdog();
  ConnectionWatchdog(const ConnectionWatchdog&) = delete;
  ConnectionWatchdog& operator=(const ConnectionWatchdog&) = delete;

  // Registers the connection on socket fd served by the calling thread; the headers budget starts
  // now. The registration ends when the object is destroyed, on the same thread, and must end
  // before the descriptor is closed.
  class Registration {
   public:
    Registration(ConnectionWatchdog& watchdog, int fd, bool plainText);
    ~Registration();
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

   private:
    Entry entry_;
  };

  // Phase hooks for the thread serving a connection; no-ops on other threads.
  static void headersRead(bool expectBody);  // headers complete: the body budget starts
  static void bodyRead();                    // the rest is the handler's own time
  static bool bodyTimedOut();                // the body budget ran out (answer 408)
  static void responseSent();                // keep-alive: the next request's budget starts
  static void detached();                    // a handler took the socket over: never touch it again

  int expiredCount() const { return expired_.load(); }

 private:
  void run();
  void arm(Entry& entry, int phase, std::chrono::milliseconds budget);

  Budgets budgets_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  boost::intrusive::list<
      Entry,
      boost::intrusive::member_hook<Entry, boost::intrusive::list_member_hook<>, &Entry::hook>,
      boost::intrusive::constant_time_size<false>>
      entries_;
  std::atomic<int> expired_{0};
  std::thread thread_;
};

}  // namespace apiary
