// The peer of a request as text: "ip:port" (HostRequest::remoteAddress, the access log) and
// "ip" (HostRequest::remoteHost, failed-auth throttling). Exactly what Poco's
// SocketAddress::toString() and host().toString() give, but IPv4 (every request on a typical
// listener) is formatted by hand: Poco's stream-based formatting, and even inet_ntop (sprintf),
// cost about 2,000 instructions per request (callgrind, bench/README.md). Other families go through
// Poco.
#pragma once

#include <string>

namespace Poco::Net {
class SocketAddress;
}

namespace apiary {

class ClientAddress {
 public:
  static void format(const Poco::Net::SocketAddress& address, std::string& hostAndPort,
                     std::string& host);
};

}  // namespace apiary
