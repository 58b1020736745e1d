#include "ClientAddress.h"

#include <Poco/Net/SocketAddress.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <charconv>
#include <cstdint>

namespace apiary {

void ClientAddress::format(const Poco::Net::SocketAddress& address, std::string& hostAndPort,
                           std::string& host) {
  if (address.family() == Poco::Net::SocketAddress::IPv4) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address.addr());
    const uint32_t ip = ntohl(in->sin_addr.s_addr);
    char text[24];  // "255.255.255.255:65535"
    char* p = text;
    for (int shift = 24; shift >= 0; shift -= 8) {
      p = std::to_chars(p, text + sizeof text, (ip >> shift) & 0xff).ptr;
      if (shift > 0) *p++ = '.';
    }
    host.assign(text, p);
    *p++ = ':';
    p = std::to_chars(p, text + sizeof text, ntohs(in->sin_port)).ptr;
    hostAndPort.assign(text, p);
    return;
  }
  hostAndPort = address.toString();
  host = address.host().toString();
}

}  // namespace apiary
