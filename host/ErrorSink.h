// Collects errors a plugin reports through the ABI (apiary_error): JSON path plus message.
#pragma once

#include <string>
#include <vector>

namespace apiary {

class ErrorSink {
 public:
  struct Entry {
    std::string path;
    std::string message;
  };

  void add(std::string path, std::string message) {
    entries_.push_back({std::move(path), std::move(message)});
  }
  bool empty() const { return entries_.empty(); }
  const std::vector<Entry>& entries() const { return entries_; }

  // "at /plugins/x/config/greeting: expected a string; ..." with pathPrefix before each path.
  std::string describe(const std::string& pathPrefix, const std::string& fallback) const;
  // describe("", "") kept in this sink, for the ABI's error_message view.
  const std::string& message() {
    message_ = describe("", "");
    return message_;
  }

 private:
  std::vector<Entry> entries_;
  std::string message_;
};

}  // namespace apiary
