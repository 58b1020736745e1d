// Local stand-ins for Tebex and Discord on 127.0.0.1 (port 0), for the integration tests:
// nothing leaves the machine.
//
//   GET  /packages/store-1?extensionId=ext-1 -> 200 [{"id":101,"name":"Supporter"}]
//   POST /api/oauth2/token  form with client_id=cid, client_secret=csecret, code=good-code
//                           -> 200 {"access_token":"tok","token_type":"Bearer"}; else 400
//   GET  /api/users/@me     Authorization: Bearer tok -> 200 the user; else 401
#pragma once

#include <atomic>
#include <memory>
#include <string>

namespace Poco::Net {
class HTTPServer;
}

namespace backend_tebex_oauth::testing {

class FakeUpstream {
 public:
  FakeUpstream();
  ~FakeUpstream();
  FakeUpstream(const FakeUpstream&) = delete;
  FakeUpstream& operator=(const FakeUpstream&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int packageRequests() const { return packageRequests_->load(); }

 private:
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::shared_ptr<std::atomic<int>> packageRequests_ = std::make_shared<std::atomic<int>>(0);
  int port_ = 0;
};

}  // namespace backend_tebex_oauth::testing
