// Engine.IO v4 / socket.io v5 packets as the official JavaScript clients put them on the wire
// (examples from the protocol documents of socket.io/engine.io-protocol and socket.io-protocol).
#include "ClientVersion.hpp"
#include "EngineIoCodec.hpp"
#include "SocketIoCodec.hpp"

#include <gtest/gtest.h>
#include <apiary/base64.hpp>

namespace spectra_live {
namespace {

TEST(EngineIoCodecTest, DecodesEveryPacketType) {
  EXPECT_EQ(EngineIoCodec::decode("2")->type, EngineIoType::Ping);
  EXPECT_EQ(EngineIoCodec::decode("3probe")->data, "probe");
  EXPECT_EQ(EngineIoCodec::decode("5")->type, EngineIoType::Upgrade);
  EXPECT_EQ(EngineIoCodec::decode("6")->type, EngineIoType::Noop);
  const auto message = EngineIoCodec::decode(R"(42["obs_logon","{}"])");
  ASSERT_TRUE(message);
  EXPECT_EQ(message->type, EngineIoType::Message);
  EXPECT_EQ(message->data, R"(2["obs_logon","{}"])");
  EXPECT_FALSE(message->binary);
}

TEST(EngineIoCodecTest, RefusesMalformedPackets) {
  EXPECT_FALSE(EngineIoCodec::decode(""));
  EXPECT_FALSE(EngineIoCodec::decode("7"));
  EXPECT_FALSE(EngineIoCodec::decode("x"));
  EXPECT_FALSE(EngineIoCodec::decode("bAQ"));    // base64 of the wrong length
  EXPECT_FALSE(EngineIoCodec::decode("b!!!!"));  // not base64
  EXPECT_FALSE(EngineIoCodec::decode("bA=BC"));  // padding in the middle
}

TEST(EngineIoCodecTest, PollingPayloadsSplitOnTheRecordSeparator) {
  const auto packets = EngineIoCodec::decodePayload(
      "4hello\x1e"
      "2\x1e"
      "bAQIDBA==");
  ASSERT_TRUE(packets);
  ASSERT_EQ(packets->size(), 3u);
  EXPECT_EQ((*packets)[0], (EngineIoPacket{EngineIoType::Message, "hello", false}));
  EXPECT_EQ((*packets)[1].type, EngineIoType::Ping);
  EXPECT_EQ((*packets)[2], (EngineIoPacket{EngineIoType::Message, "\x01\x02\x03\x04", true}));
  EXPECT_EQ(EngineIoCodec::encodePayload(*packets),
            "4hello\x1e"
            "2\x1e"
            "bAQIDBA==");
  EXPECT_FALSE(EngineIoCodec::decodePayload(""));
  EXPECT_FALSE(EngineIoCodec::decodePayload("4a\x1e"));  // an empty record
  EXPECT_FALSE(
      EngineIoCodec::decodePayload("4a\x1e"
                                   "9"));
}

TEST(EngineIoCodecTest, OpenPacketAnnouncesTheSessionAndTimers) {
  EngineIoHandshake handshake;
  handshake.sid = "lv_VI97HAXpY6yYWAAAC";
  EXPECT_EQ(EngineIoCodec::openPacket(handshake),
            R"(0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,)"
            R"("pingTimeout":20000,"maxPayload":1000000})");
  handshake.offerWebSocketUpgrade = false;
  EXPECT_NE(EngineIoCodec::openPacket(handshake).find(R"("upgrades":[])"), std::string::npos);
}

TEST(EngineIoCodecTest, Base64RoundTripsAllLengths) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(apiary::base64::decode(apiary::base64::encode(bytes)), bytes);
    bytes += static_cast<char>(i * 37);
  }
  EXPECT_EQ(apiary::base64::encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(apiary::base64::encode("fo"), "Zm8=");
}

TEST(SocketIoCodecTest, DecodesConnectEventAndAck) {
  const auto connect = SocketIoCodec::decode("0");
  ASSERT_TRUE(connect);
  EXPECT_EQ(connect->type, SocketIoType::Connect);
  EXPECT_EQ(connect->nsp, "/");
  EXPECT_FALSE(connect->data);

  const auto event = SocketIoCodec::decode(R"(2["logon","{\"groupCode\":\"GRPTST\"}"])");
  ASSERT_TRUE(event);
  EXPECT_EQ(event->eventName(), "logon");
  ASSERT_NE(event->firstArgument(), nullptr);
  EXPECT_EQ(*event->firstArgument(), R"({"groupCode":"GRPTST"})");

  const auto withAck = SocketIoCodec::decode(R"(2/admin,13["hello",1])");
  ASSERT_TRUE(withAck);
  EXPECT_EQ(withAck->nsp, "/admin");
  EXPECT_EQ(withAck->ackId, 13u);
  EXPECT_EQ(SocketIoCodec::encode(*withAck), R"(2/admin,13["hello",1])");

  const auto binary = SocketIoCodec::decode(R"(51-["up",{"_placeholder":true,"num":0}])");
  ASSERT_TRUE(binary);
  EXPECT_EQ(binary->type, SocketIoType::BinaryEvent);
  EXPECT_EQ(binary->attachments, 1);
}

TEST(SocketIoCodecTest, RefusesWhatSocketIoParserRefuses) {
  EXPECT_FALSE(SocketIoCodec::decode(""));
  EXPECT_FALSE(SocketIoCodec::decode("7"));
  EXPECT_FALSE(SocketIoCodec::decode("2"));            // an event without payload
  EXPECT_FALSE(SocketIoCodec::decode("2[]"));          // without a name
  EXPECT_FALSE(SocketIoCodec::decode(R"(2{"a":1})"));  // not an array
  EXPECT_FALSE(SocketIoCodec::decode(R"(2["a",)"));    // bad JSON
  EXPECT_FALSE(SocketIoCodec::decode("0[1]"));         // connect data must be an object
  EXPECT_FALSE(SocketIoCodec::decode("1{}"));          // disconnect carries nothing
  EXPECT_FALSE(SocketIoCodec::decode("4"));            // connect error needs a reason
  EXPECT_FALSE(SocketIoCodec::decode(R"(5["a"])"));    // binary without a count
  EXPECT_FALSE(SocketIoCodec::decode(R"(299999999999999999999["a"])"));  // ack id overflow
}

TEST(SocketIoCodecTest, EncodesWhatTheServerSends) {
  EXPECT_EQ(SocketIoCodec::connectAccepted("abc"), R"(0{"sid":"abc"})");
  EXPECT_EQ(SocketIoCodec::connectError("Invalid namespace", "/x"),
            R"(4/x,{"message":"Invalid namespace"})");
  EXPECT_EQ(SocketIoCodec::event("obs_logon_ack", R"({"value":true})"),
            R"(2["obs_logon_ack","{\"value\":true}"])");
}

TEST(ClientVersionTest, UpstreamRangeIsAtLeast033AndBelow0325) {
  EXPECT_TRUE(ClientVersion::compatible("0.3.3"));
  EXPECT_TRUE(ClientVersion::compatible("0.3.24"));
  EXPECT_TRUE(ClientVersion::compatible("v0.3.10"));
  EXPECT_TRUE(ClientVersion::compatible("0.3.10+build.5"));
  EXPECT_FALSE(ClientVersion::compatible("0.3.2"));
  EXPECT_FALSE(ClientVersion::compatible("0.3.25"));
  EXPECT_FALSE(ClientVersion::compatible("0.4.0"));
  EXPECT_FALSE(ClientVersion::compatible("1.0.0"));
  EXPECT_FALSE(ClientVersion::compatible("0.3.10-beta.1"));  // prereleases: as node-semver
  EXPECT_FALSE(ClientVersion::compatible("0.3"));
  EXPECT_FALSE(ClientVersion::compatible("0.03.5"));
  EXPECT_FALSE(ClientVersion::compatible(""));
  EXPECT_FALSE(ClientVersion::compatible("0.3.5x"));
}

}  // namespace
}  // namespace spectra_live
