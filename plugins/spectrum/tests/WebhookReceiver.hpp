// A webhook endpoint for integration tests: Poco HTTPServer on 127.0.0.1, port 0. Records every
// request and answers with scripted statuses (then 200).
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPServer;
}

namespace spectrum::test {

struct ReceivedRequest {
  std::string method, uri, body;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string header(const std::string& lowerName) const {
    auto it = headers.find(lowerName);
    return it == headers.end() ? "" : it->second;
  }
};

class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // The next answers, in order; 200 once they are used up.
  void respondWith(std::vector<int> statuses);
  // True once at least count requests arrived within timeoutMs.
  bool waitFor(size_t count, int timeoutMs);
  std::vector<ReceivedRequest> received() const;

  struct State {
    mutable std::mutex mutex;
    std::condition_variable arrived;
    std::vector<ReceivedRequest> requests;
    std::deque<int> statuses;
  };

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  int port_ = 0;
};

}  // namespace spectrum::test
