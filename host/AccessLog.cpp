#include "AccessLog.h"

#include <Poco/Logger.h>

#include <unistd.h>
#include <cerrno>
#include <cstdlib>
#include <ctime>

namespace apiary {
namespace {

// "YYYY-MM-DDTHH:MM:SS" of one second, cached per thread: formatting a date per line cost
// more than the rest of the line.
struct SecondStamp {
  int64_t second = -1;
  char text[32] = {};
  size_t size = 0;
};

void appendTime(std::string& out, int64_t epochMicros) {
  thread_local SecondStamp stamp;
  const int64_t second = epochMicros / 1000000;
  if (second != stamp.second) {
    const std::time_t t = static_cast<std::time_t>(second);
    std::tm tm{};
    gmtime_r(&t, &tm);
    stamp.size = std::strftime(stamp.text, sizeof stamp.text, "%Y-%m-%dT%H:%M:%S", &tm);
    stamp.second = second;
  }
  out.append(stamp.text, stamp.size);
  const int millis = static_cast<int>((epochMicros / 1000) % 1000);
  const char ms[5] = {'.', static_cast<char>('0' + millis / 100),
                      static_cast<char>('0' + millis / 10 % 10),
                      static_cast<char>('0' + millis % 10), 'Z'};
  out.append(ms, sizeof ms);
}

int64_t nowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

AccessLog& AccessLog::instance() {
  // Same rule as StderrChannel: JOURNAL_STREAM set means journald reads stderr.
  static AccessLog log(STDERR_FILENO, std::getenv("JOURNAL_STREAM") != nullptr);
  return log;
}

AccessLog::AccessLog(int fd, bool journal)
    : fd_(fd), journal_(journal), logger_(Poco::Logger::get("access")) {
  pending_.reserve(kFlushBytes * 2);
  flusher_ = std::thread([this] { run(); });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  flusher_.join();
  flush();
}

bool AccessLog::enabled() const {
  return logger_.information();
}

void AccessLog::write(std::string_view text) {
  writeAt(text, nowMicros());
}

void AccessLog::writeAt(std::string_view text, int64_t epochMicros) {
  // Formatted outside the lock; StderrChannel::log writes the same shape.
  std::string line;
  line.reserve(text.size() + 48);
  if (journal_) {
    line.append("<6>access: ");
  } else {
    appendTime(line, epochMicros);
    line.append(" INFO access: ");
  }
  line.append(text).push_back('\n');

  std::unique_lock lock(mutex_);
  drained_.wait(lock, [&] { return pending_.size() < kMaxPendingBytes || stop_; });
  pending_.append(line);
  if (pending_.size() >= kFlushBytes) wake_.notify_one();
}

void AccessLog::flush() {
  // writeMutex_ first, then the swap: batches reach the fd in the order they were taken.
  std::lock_guard write(writeMutex_);
  spare_.clear();
  {
    std::lock_guard lock(mutex_);
    spare_.swap(pending_);  // the workers get the spare buffer's capacity
  }
  drained_.notify_all();
  writeOut(spare_);
}

void AccessLog::run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, kFlushInterval, [&] { return stop_ || pending_.size() >= kFlushBytes; });
      if (stop_) return;  // the destructor writes the rest
      if (pending_.empty()) continue;
    }
    flush();
  }
}

void AccessLog::writeOut(const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr is gone: nothing better to do with the lines
    off += static_cast<size_t>(n);
  }
}

}  // namespace apiary
