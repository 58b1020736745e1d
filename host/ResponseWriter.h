// Sends a finished HostResponse on the request's connection in one write: the status line, the
// headers Poco's connection already put on the response (Date, Connection, Server), the
// handler's headers, Content-Length and the body.
//
// Why not HTTPServerResponse::sendBuffer: it copies every header into Poco's NameValueCollection,
// then formats them through a freshly constructed std::ostream (HTTPHeaderOutputStream, with its
// locale set-up) before writing. On the keep-alive hot path that was ~11k instructions of the
// ~49k a request cost (bench/callgrind.sh); formatting into one string is ~1k. The bytes on the
// wire are the same as Poco's (same header order and spelling), so clients cannot tell.
#pragma once

#include <string>

namespace Poco::Net {
class HTTPResponse;
class HTTPServerRequest;
class HTTPServerResponse;
}  // namespace Poco::Net

namespace apiary {

class HostResponse;

class ResponseWriter {
 public:
  // Writes the response; a HEAD request gets the headers only (Content-Length of the body it
  // would have had). Throws what the socket throws (the connection then ends, as with Poco).
  static void send(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out,
                   const HostResponse& response);

  // The message head exactly as send() writes it (tests compare it with Poco's own).
  static void formatHead(const Poco::Net::HTTPResponse& out, const HostResponse& response,
                         std::string& head);

  // Headers the host frames itself; a plugin's values for them are dropped.
  static bool hostOwnedHeader(std::string_view name);
};

}  // namespace apiary
