#include "RedisShardSource.hpp"

#include <Poco/Exception.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Type.h>
#include <Poco/Timespan.h>

namespace spellbot {
namespace {

using Poco::Redis::Array;
using Poco::Redis::BulkString;

std::optional<std::string> bulk(Poco::Redis::Client& client, const Array& command) {
  const BulkString value = client.execute<BulkString>(command);
  if (value.isNull()) return std::nullopt;
  return value.value();
}

void open(Poco::Redis::Client& client, const RedisEndpoint& e, int timeoutMs) {
  const Poco::Timespan timeout(static_cast<Poco::Timespan::TimeDiff>(timeoutMs) * 1000);
  client.connect(e.host, e.port, timeout);
  client.setReceiveTimeout(timeout);
  if (!e.password.empty()) {
    Array auth;
    auth << "AUTH" << e.password;
    client.execute<std::string>(auth);
  }
  if (e.database != 0) {
    Array select;
    select << "SELECT" << std::to_string(e.database);
    client.execute<std::string>(select);
  }
}

}  // namespace

std::optional<RedisEndpoint> RedisEndpoint::parse(const std::string& url) {
  static const std::string kScheme = "redis://";
  if (url.compare(0, kScheme.size(), kScheme) != 0) return std::nullopt;
  RedisEndpoint e;
  std::string rest = url.substr(kScheme.size());
  if (const size_t slash = rest.find('/'); slash != std::string::npos) {
    const std::string db = rest.substr(slash + 1);
    rest.resize(slash);
    if (!db.empty()) {
      if (db.find_first_not_of("0123456789") != std::string::npos || db.size() > 4)
        return std::nullopt;
      e.database = std::stoll(db);
    }
  }
  if (const size_t at = rest.rfind('@'); at != std::string::npos) {
    const std::string userinfo = rest.substr(0, at);
    const size_t colon = userinfo.find(':');
    e.password = colon == std::string::npos ? userinfo : userinfo.substr(colon + 1);
    rest = rest.substr(at + 1);
  }
  if (const size_t colon = rest.rfind(':'); colon != std::string::npos) {
    const std::string port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    e.port = std::stoi(port);
    if (e.port < 1 || e.port > 65535) return std::nullopt;
    rest.resize(colon);
  }
  if (rest.empty()) return std::nullopt;
  e.host = rest;
  return e;
}

ShardSnapshot RedisShardSource::read(std::string& error) const {
  ShardSnapshot snapshot;
  try {
    Poco::Redis::Client client;
    open(client, endpoint_, timeoutMs_);
    std::vector<std::string> keys;
    std::string cursor = "0";
    do {
      Array scan;
      scan << "SCAN" << cursor << "MATCH" << "shard_status:[0-9]*:*" << "COUNT" << "100";
      const Array reply = client.execute<Array>(scan);
      cursor = reply.get<BulkString>(0).value();
      const Array batch = reply.get<Array>(1);
      for (size_t i = 0; i < batch.size(); ++i) keys.push_back(batch.get<BulkString>(i).value());
    } while (cursor != "0");
    for (const auto& key : keys) {
      Array get;
      get << "GET" << key;
      if (const auto text = bulk(client, get))
        if (auto status = ShardStatus::fromJson(*text)) snapshot.shards.push_back(std::move(*status));
    }
    Array meta;
    meta << "GET" << "shard_status:metadata";
    if (const auto text = bulk(client, meta)) snapshot.metadata = ShardMetadata::fromJson(*text);
    client.disconnect();
  } catch (const Poco::Exception& e) {
    error = e.displayText();
    return {};
  } catch (const std::exception& e) {
    error = e.what();
    return {};
  }
  return snapshot;
}

bool RedisShardSource::ping(std::string& error) const {
  try {
    Poco::Redis::Client client;
    open(client, endpoint_, timeoutMs_);
    Array ping;
    ping << "PING";
    const std::string pong = client.execute<std::string>(ping);
    client.disconnect();
    if (pong != "PONG") {
      error = "unexpected PING reply";
      return false;
    }
    return true;
  } catch (const Poco::Exception& e) {
    error = e.displayText();
  } catch (const std::exception& e) {
    error = e.what();
  }
  return false;
}

}  // namespace spellbot
