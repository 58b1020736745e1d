// The access log: one line per request, in the format StderrChannel gives every other log line
// ("<6>access: ..." under systemd, else "<UTC time> INFO access: ..."), but written to stderr in
// batches by one background thread instead of one locked fwrite+fflush (a write(2)) per request
// on the worker. That write, Poco::Logger::get's global lock and the per-line date formatting
// were the access log's cost on the hot path (bench/README.md, "Hot path").
//
// Lines reach stderr at most kFlushInterval after the request (or sooner when kFlushBytes are
// pending); destruction, flush() and process exit write what is pending. If stderr cannot keep
// up, a worker waits once kMaxPendingBytes are pending: lines are never dropped. The "access"
// logger's level still decides whether lines are written (information or finer); its channel
// is not used. Lines may land up to kFlushInterval apart from other log lines they followed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace Poco {
class Logger;
}

namespace apiary {

class AccessLog {
 public:
  static constexpr std::chrono::milliseconds kFlushInterval{50};
  static constexpr size_t kFlushBytes = 64 * 1024;
  static constexpr size_t kMaxPendingBytes = 4 * 1024 * 1024;

  // The process-wide access log on stderr (fd 2). Its thread starts on first use.
  static AccessLog& instance();

  // fd: where lines go; journal: sd-daemon "<6>" prefixes instead of time and level.
  AccessLog(int fd, bool journal);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // False when the "access" logger's level drops information messages.
  bool enabled() const;
  // Appends one line (text without the newline) stamped with the current time.
  void write(std::string_view text);
  // Appends one line stamped with the given time (microseconds since the Unix epoch).
  void writeAt(std::string_view text, int64_t epochMicros);
  // Writes everything pending now.
  void flush();

 private:
  void run();
  void writeOut(const std::string& data);  // with writeMutex_ held

  int fd_;
  bool journal_;
  Poco::Logger& logger_;
  std::mutex mutex_;
  std::condition_variable wake_;     // the flusher: time to write
  std::condition_variable drained_;  // workers waiting for room
  std::string pending_;
  std::mutex writeMutex_;  // one writer to the fd at a time (flusher or flush()); guards spare_
  std::string spare_;
  bool stop_ = false;
  std::thread flusher_;
};

}  // namespace apiary
