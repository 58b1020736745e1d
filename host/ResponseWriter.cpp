#include "ResponseWriter.h"

#include "HostResponse.h"

#include <apiary/route_pattern.hpp>

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>

#include <charconv>

namespace apiary {
namespace {

// Up to this size the body is copied behind the head so that one send() carries the whole
// response (no Nagle stall between a small head and its body); larger bodies go in a second send.
constexpr size_t kCoalesceBodyBytes = 256 * 1024;

void sendAll(Poco::Net::StreamSocket& socket, const char* data, size_t size) {
  while (size > 0) {
    const int chunk = static_cast<int>(std::min<size_t>(size, 1u << 30));
    const int sent = socket.sendBytes(data, chunk);
    if (sent <= 0) throw Poco::Net::NetException("the connection closed while sending");
    data += sent;
    size -= static_cast<size_t>(sent);
  }
}

}  // namespace

bool ResponseWriter::hostOwnedHeader(std::string_view name) {
  return RoutePattern::equals(name, "Content-Length", true) ||
         RoutePattern::equals(name, "Transfer-Encoding", true) ||
         RoutePattern::equals(name, "Connection", true);
}

void ResponseWriter::formatHead(const Poco::Net::HTTPResponse& out, const HostResponse& response,
                                std::string& head) {
  const auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status);
  char number[24];
  head.append(out.getVersion()).append(" ");
  head.append(number, std::to_chars(number, number + sizeof number, response.status).ptr);
  head.append(" ").append(Poco::Net::HTTPResponse::getReasonForStatus(status)).append("\r\n");
  // What Poco's connection set before the handler ran (Date, Connection, Server), in its order.
  for (const auto& [name, value] : out)
    if (!RoutePattern::equals(name, "Content-Length", true) &&
        !RoutePattern::equals(name, "Transfer-Encoding", true))
      head.append(name).append(": ").append(value).append("\r\n");
  for (const auto& [name, value] : response.headers)
    if (!hostOwnedHeader(name)) head.append(name).append(": ").append(value).append("\r\n");
  head.append("Content-Length: ");
  head.append(number, std::to_chars(number, number + sizeof number, response.body.size()).ptr);
  head.append("\r\n\r\n");
}

void ResponseWriter::send(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out,
                          const HostResponse& response) {
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&in);
  if (impl == nullptr) {  // not on a Poco connection (a test double): Poco's own way
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    for (const auto& [name, value] : response.headers)
      if (!hostOwnedHeader(name)) out.add(name, value);
    out.sendBuffer(response.body.data(), response.body.size());
    return;
  }
  // The status is kept on Poco's response too: its connection reads it after the handler.
  out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
  const bool withBody = in.getMethod() != Poco::Net::HTTPRequest::HTTP_HEAD;
  const bool coalesce = withBody && response.body.size() <= kCoalesceBodyBytes;
  std::string message;
  message.reserve(256 + (coalesce ? response.body.size() : 0));
  formatHead(out, response, message);
  if (coalesce) message.append(response.body);
  Poco::Net::StreamSocket& socket = impl->socket();
  try {
    sendAll(socket, message.data(), message.size());
    if (withBody && !coalesce) sendAll(socket, response.body.data(), response.body.size());
  } catch (...) {
    // Poco's connection answers a failed handler with a 500 unless the response was sent; part
    // of this one may be on the wire, so end the connection instead of appending to it.
    out.setKeepAlive(false);
    try {
      socket.shutdown();
    } catch (...) {
    }
    throw;
  }
}

}  // namespace apiary
