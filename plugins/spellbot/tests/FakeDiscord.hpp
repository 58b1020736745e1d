// A local stand-in for Discord's REST API in the integration tests: a Poco HTTPServer on
// 127.0.0.1 port 0 that records every request and answers like Discord (DM channel, message,
// guild with an icon), or with a fixed failure status.
#pragma once

#include <Poco/Net/HTTPServer.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace spellbot::test {

struct DiscordCall {
  std::string method, uri, authorization, body;
};

class FakeDiscord {
 public:
  FakeDiscord();
  ~FakeDiscord();

  int port() const;
  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port()) + "/api"; }
  std::vector<DiscordCall> calls() const;
  // 0: answer like Discord; otherwise every request gets this status.
  void failWith(int status) { failStatus_ = status; }

  // Called by the server's handler.
  int handle(const DiscordCall& call, std::string& body);

 private:
  mutable std::mutex mutex_;
  std::vector<DiscordCall> calls_;
  std::atomic<int> failStatus_{0};
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace spellbot::test
