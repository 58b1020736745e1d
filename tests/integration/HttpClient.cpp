#include "HttpClient.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <sstream>
#include <strings.h>

namespace apiary::test {
namespace {

HttpResult exchange(Poco::Net::HTTPClientSession& session, const std::string& method,
                    const std::string& target, const std::string& body,
                    const HttpClient::Headers& headers) {
  Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [k, v] : headers) request.add(k, v);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpResult result;
  result.status = response.getStatus();
  for (const auto& [k, v] : response) result.headers.emplace_back(k, v);
  if (method != "HEAD") Poco::StreamCopier::copyToString(in, result.body);
  return result;
}

}  // namespace

std::string HttpResult::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  return {};
}

bool HttpResult::hasHeader(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return true;
  return false;
}

HttpResult HttpClient::send(int port, const std::string& method, const std::string& target,
                            const std::string& body, const Headers& headers) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(20, 0));
  return exchange(session, method, target, body, headers);
}

HttpResult HttpClient::sendTls(int port, const std::string& method, const std::string& target,
                               const std::string& caFile) {
  Poco::Net::Context::Params params;
  params.verificationMode =
      caFile.empty() ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_STRICT;
  params.caLocation = caFile;
  params.loadDefaultCAs = false;
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  Poco::Net::HTTPSClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port), context);
  session.setTimeout(Poco::Timespan(20, 0));
  return exchange(session, method, target, {}, {});
}

std::string HttpClient::raw(int port, const std::string& bytes, int timeoutMs) {
  Poco::Net::StreamSocket socket(
      Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
  socket.setReceiveTimeout(Poco::Timespan(0, timeoutMs * 1000));
  socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  std::string out;
  char buffer[4096];
  try {
    while (true) {
      const int n = socket.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      out.append(buffer, static_cast<size_t>(n));
    }
  } catch (const Poco::TimeoutException&) {
  } catch (const Poco::Net::NetException&) {
  }
  return out;
}

}  // namespace apiary::test
