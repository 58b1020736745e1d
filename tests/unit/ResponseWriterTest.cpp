// ResponseWriter formats the message head itself instead of going through Poco's
// HTTPResponse::write; clients must not see a difference, so its bytes are compared with Poco's.
#include "HostResponse.h"
#include "ResponseWriter.h"

#include <Poco/Net/HTTPResponse.h>
#include <gtest/gtest.h>

#include <sstream>

namespace apiary {
namespace {

// What HTTPServerResponseImpl::sendBuffer writes for the same response.
std::string pocoHead(Poco::Net::HTTPResponse poco, const HostResponse& response) {
  poco.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
  for (const auto& [name, value] : response.headers)
    if (!ResponseWriter::hostOwnedHeader(name)) poco.add(name, value);
  poco.setContentLength(static_cast<std::streamsize>(response.body.size()));
  poco.setChunkedTransferEncoding(false);
  std::ostringstream out;
  poco.write(out);
  return out.str();
}

// The response as Poco's connection hands it to a handler.
Poco::Net::HTTPResponse connectionResponse(const std::string& version, bool keepAlive) {
  Poco::Net::HTTPResponse r;
  r.setDate(Poco::Timestamp::fromEpochTime(1795000000));
  r.setVersion(version);
  r.setKeepAlive(keepAlive);
  return r;
}

std::string ours(const Poco::Net::HTTPResponse& poco, const HostResponse& response) {
  std::string head;
  ResponseWriter::formatHead(poco, response, head);
  return head;
}

TEST(ResponseWriter, HeadIsByteForByteWhatPocoWrites) {
  HostResponse response;
  response.status = 200;
  response.addHeader("Content-Type", "application/json; charset=utf-8");
  response.addHeader("Access-Control-Allow-Origin", "*");
  response.addHeader("X-Request-Id", "0123456789abcdef0123456789abcdef");
  response.body = R"({"message":"Hello, bench!"})";
  for (const bool keepAlive : {true, false})
    for (const std::string version : {"HTTP/1.1", "HTTP/1.0"}) {
      const auto poco = connectionResponse(version, keepAlive);
      EXPECT_EQ(ours(poco, response), pocoHead(poco, response)) << version << " " << keepAlive;
    }
}

TEST(ResponseWriter, StatusesReasonsAndEmptyBodies) {
  for (const int status : {201, 204, 304, 400, 404, 405, 413, 431, 500, 503, 299}) {
    HostResponse response;
    response.status = status;
    response.addHeader("Allow", "GET, HEAD");
    const auto poco = connectionResponse("HTTP/1.1", true);
    EXPECT_EQ(ours(poco, response), pocoHead(poco, response)) << status;
  }
}

TEST(ResponseWriter, PluginCannotFrameTheMessage) {
  HostResponse response;
  response.addHeader("Content-Length", "999");
  response.addHeader("transfer-encoding", "chunked");
  response.addHeader("Connection", "keep-alive");
  response.addHeader("X-Kept", "yes");
  response.body = "abc";
  const std::string head = ours(connectionResponse("HTTP/1.1", false), response);
  EXPECT_EQ(head.find("999"), std::string::npos);
  EXPECT_EQ(head.find("chunked"), std::string::npos);
  EXPECT_EQ(head.find("keep-alive"), std::string::npos);
  EXPECT_NE(head.find("Connection: Close\r\n"), std::string::npos);
  EXPECT_NE(head.find("X-Kept: yes\r\n"), std::string::npos);
  EXPECT_TRUE(head.ends_with("Content-Length: 3\r\n\r\n")) << head;
}

}  // namespace
}  // namespace apiary
