#include "StderrChannel.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Message.h>
#include <Poco/Timestamp.h>

#include <cstdio>
#include <cstdlib>

namespace apiary {
namespace {

// sd-daemon priorities (syslog levels) for Poco's priorities.
int syslogLevel(Poco::Message::Priority p) {
  switch (p) {
    case Poco::Message::PRIO_FATAL: return 2;
    case Poco::Message::PRIO_CRITICAL: return 2;
    case Poco::Message::PRIO_ERROR: return 3;
    case Poco::Message::PRIO_WARNING: return 4;
    case Poco::Message::PRIO_NOTICE: return 5;
    case Poco::Message::PRIO_INFORMATION: return 6;
    default: return 7;
  }
}

const char* levelName(Poco::Message::Priority p) {
  switch (p) {
    case Poco::Message::PRIO_FATAL: return "FATAL";
    case Poco::Message::PRIO_CRITICAL: return "CRITICAL";
    case Poco::Message::PRIO_ERROR: return "ERROR";
    case Poco::Message::PRIO_WARNING: return "WARNING";
    case Poco::Message::PRIO_NOTICE: return "NOTICE";
    case Poco::Message::PRIO_INFORMATION: return "INFO";
    case Poco::Message::PRIO_DEBUG: return "DEBUG";
    default: return "TRACE";
  }
}

}  // namespace

StderrChannel::StderrChannel() : journal_(std::getenv("JOURNAL_STREAM") != nullptr) {}

void StderrChannel::log(const Poco::Message& msg) {
  std::string line;
  if (journal_) {
    line = "<" + std::to_string(syslogLevel(msg.getPriority())) + ">" + msg.getSource() + ": " +
           msg.getText() + "\n";
  } else {
    line = Poco::DateTimeFormatter::format(msg.getTime(), "%Y-%m-%dT%H:%M:%S.%iZ") + " " +
           levelName(msg.getPriority()) + " " + msg.getSource() + ": " + msg.getText() + "\n";
  }
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace apiary
