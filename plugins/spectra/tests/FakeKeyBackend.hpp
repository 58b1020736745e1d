// A local stand-in for upstream's key backend and supporter check, on 127.0.0.1 (port 0), for
// the integration tests: nothing leaves the machine.
//
//   GET /system/validateAccessKey/<key>  (X-User-Token must be the token)
//       good-key -> 200 {"id":"org-7","name":"Backend Org"};  expired-key -> 403;  else 401
//   GET /supporter/org-7 -> 200 {"isSupporter":true}
#pragma once

#include <atomic>
#include <memory>
#include <string>

namespace Poco::Net {
class HTTPServer;
}

namespace spectra::testing {

class FakeKeyBackend {
 public:
  explicit FakeKeyBackend(std::string token);
  ~FakeKeyBackend();
  FakeKeyBackend(const FakeKeyBackend&) = delete;
  FakeKeyBackend& operator=(const FakeKeyBackend&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_->load(); }

 private:
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::shared_ptr<std::atomic<int>> requests_ = std::make_shared<std::atomic<int>>(0);
  int port_ = 0;
};

}  // namespace spectra::testing
