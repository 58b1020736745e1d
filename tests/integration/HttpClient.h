// A minimal HTTP(S) client for the integration tests (Poco HTTPClientSession), plus raw-socket
// access for requests a well-behaved client would never send.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace apiary::test {

struct HttpResult {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string header(const std::string& name) const;  // "" when absent
  bool hasHeader(const std::string& name) const;
};

class HttpClient {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  static HttpResult send(int port, const std::string& method, const std::string& target,
                         const std::string& body = {}, const Headers& headers = {});
  // HTTPS; caFile verifies the server's certificate (empty: no verification).
  static HttpResult sendTls(int port, const std::string& method, const std::string& target,
                            const std::string& caFile);
  // Writes raw bytes, half-closes nothing, reads until the server closes or timeoutMs passes.
  static std::string raw(int port, const std::string& bytes, int timeoutMs = 5000);
};

}  // namespace apiary::test
