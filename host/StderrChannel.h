// Log output to stderr. Under systemd (JOURNAL_STREAM set) each line carries an sd-daemon
// "<N>" priority prefix so `journalctl -p` filters work; otherwise a UTC timestamp and level.
#pragma once

#include <Poco/Channel.h>

#include <mutex>

namespace apiary {

class StderrChannel : public Poco::Channel {
 public:
  StderrChannel();
  void log(const Poco::Message& msg) override;

 private:
  bool journal_;
  std::mutex mutex_;
};

}  // namespace apiary
