// ClientAddress gives exactly what Poco's SocketAddress formatting gives.
#include "ClientAddress.h"

#include <Poco/Net/SocketAddress.h>

#include <gtest/gtest.h>

namespace apiary {
namespace {

void expectSameAsPoco(const std::string& host, uint16_t port) {
  const Poco::Net::SocketAddress address(host, port);
  std::string hostAndPort, hostOnly;
  ClientAddress::format(address, hostAndPort, hostOnly);
  EXPECT_EQ(hostAndPort, address.toString());
  EXPECT_EQ(hostOnly, address.host().toString());
}

TEST(ClientAddressTest, Ipv4IsFormattedLikePoco) {
  expectSameAsPoco("127.0.0.1", 54321);
  expectSameAsPoco("0.0.0.0", 0);
  expectSameAsPoco("255.255.255.255", 65535);
  expectSameAsPoco("10.20.3.4", 80);
  expectSameAsPoco("192.168.100.9", 1);
}

TEST(ClientAddressTest, Ipv6GoesThroughPoco) {
  expectSameAsPoco("::1", 8080);
  expectSameAsPoco("2001:db8::7", 443);
  expectSameAsPoco("::ffff:10.0.0.1", 9);
}

}  // namespace
}  // namespace apiary
