#include "SpectraLivePlugin.hpp"

#include "KeyHash.hpp"
#include "KeyStore.hpp"
#include "SocketIoCodec.hpp"

#include <chrono>

namespace spectra_live {

namespace {
constexpr std::string_view kSecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kSidAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}  // namespace

// One WebSocket of an Engine.IO session: either the session's own (a direct connect with
// transport=websocket, or an upgrade that completed), or a probe of a polling session that has
// not upgraded yet (only "2probe" and "5" are valid on it).
class SpectraLivePlugin::EngineIoSocket : public apiary::WebSocketSession {
 public:
  EngineIoSocket(SpectraLivePlugin& plugin, std::shared_ptr<Connection> connection, bool probing)
      : plugin_(plugin), connection_(std::move(connection)), probing_(probing) {}

  void onOpen() override {
    if (probing_) return;
    link().sendText(connection_->session->openPacket());  // before anything the session queued
    attach();
  }

  void onText(std::string_view text) override {
    Connection& c = *connection_;
    const auto packet = EngineIoCodec::decode(text);
    if (!packet) {
      c.session->receive(EngineIoPacket{EngineIoType::Close, "", false}, 0);
      plugin_.wake(c);
      link().close(1000);
      return;
    }
    const auto received = c.session->receive(*packet, plugin_.clock().monotonicMs(), probing_);
    for (const auto& reply : received.replies) link().sendText(reply);
    for (const auto& message : received.messages) plugin_.handleMessage(c, message);
    if (probing_ && c.session->transport() == EngineIoSession::Transport::WebSocket) {
      probing_ = false;  // "5": the session moves here; what it queued since goes out now
      attach();
    }
    if (received.closed && probing_) link().close(1000);
    plugin_.wake(c);  // a probe's noop releases the pending poll; a close ends the socket
  }

  void onClose(int, std::string_view) override {
    // A probe that never upgraded leaves the polling session alone (as engine.io does).
    if (probing_) return;
    connection_->session->receive(EngineIoPacket{EngineIoType::Close, "", false}, 0);
    plugin_.drop(connection_);
  }

 private:
  void attach() {
    {
      std::lock_guard lock(connection_->mutex);
      connection_->link = link();
    }
    plugin_.wake(*connection_);
  }

  SpectraLivePlugin& plugin_;
  std::shared_ptr<Connection> connection_;
  bool probing_;
};

void SpectraLivePlugin::configure(const apiary::ConfigReader& config) {
  const std::string mode = config.string("mode", "ingest");
  if (mode != "ingest" && mode != "output") config.fail("mode", "must be \"ingest\" or \"output\"");
  ingest_ = mode == "ingest";
  pollWaitMs_ = config.integer("poll_wait_ms", pollWaitMs_, 100, 60000);
  spectra_ = spectra::SpectraConfig::read(config, spectra::SpectraConfig::processEnvironment);
}

std::vector<apiary::Migration> SpectraLivePlugin::migrations() const {
  // The match tables are created IF NOT EXISTS by either plugin. The key table belongs to the
  // spectra plugin (operator-issued keys), which must run on the same database.
  return {
      {1, "spectra match state (shared with the spectra plugin)", spectra::MatchStore::schema()},
      {2, "live matches' overlay views (ingest -> output)", OverlayStore::schema()}};
}

void SpectraLivePlugin::routes(apiary::Router& router) {
  spectra::MatchStore::Lifetimes lifetimes;
  lifetimes.liveIdleMs = spectra_.liveMatchIdleMs;
  lifetimes.teamInfoTtlMs = spectra_.teamInfoTtlMs;
  matches_.emplace(database(), lifetimes);
  validator_.emplace(spectra_, spectra::KeyStore(database()), http(), log());
  rules_.emplace(
      *matches_, [this](const Json& key) { return validator_->isValidKey(key); },
      [] { return spectra::KeyHash::randomString(kSecretAlphabet, 12); });
  overlays_.emplace(database());
  if (ingest_) {
    models_.emplace(*matches_, *overlays_);
    rules_->setMatchIdResolver(
        [this](const std::string& matchId) { return models_->groupCodeForMatchId(matchId); });
  }
  apiary::WebSocketRoute engineIo;
  engineIo.accept = [this](const apiary::Request& r) { return acceptWebSocket(r); };
  engineIo.plain = [this](const apiary::Request& r) { return handshakeOrPoll(r); };
  engineIo.acceptsBinary = false;  // socket.io's events here are text
  router.websocket("/socket.io/", std::move(engineIo),
                   "Engine.IO handshake, long-poll and WebSocket");
  router.route(
      "POST", "/socket.io/", [this](const apiary::Request& r) { return post(r); },
      apiary::RouteDoc{"Engine.IO packets from the client", "", ""});
}

void SpectraLivePlugin::start() {
  timers().every(std::chrono::milliseconds(OverlayFeed::kTickMs), [this] { tick(); });
}

apiary::Response SpectraLivePlugin::engineError(int code, const std::string& message) {
  // engine.io's error answers: 400 with {"code":N,"message":...}
  auto response = apiary::Response::json(400, Json{{"code", code}, {"message", message}}.dump());
  response.setHeader("Access-Control-Allow-Origin", "*");
  return response;
}

std::shared_ptr<SpectraLivePlugin::Connection> SpectraLivePlugin::find(
    const apiary::Request& request) const {
  const auto sid = request.query("sid");
  if (!sid) return nullptr;
  std::lock_guard lock(connectionsMutex_);
  const auto it = connections_.find(std::string(*sid));
  return it == connections_.end() ? nullptr : it->second;
}

apiary::Response SpectraLivePlugin::handshakeOrPoll(const apiary::Request& request) {
  if (request.query("EIO") != std::optional<std::string_view>("4"))
    return engineError(5, "Unsupported protocol version");
  if (request.query("transport") != std::optional<std::string_view>("polling"))
    return engineError(0, "Transport unknown");
  auto text = [](std::string body) {
    auto response = apiary::Response::text(200, std::move(body), "text/plain; charset=UTF-8");
    response.setHeader("Access-Control-Allow-Origin", "*");
    return response;
  };
  if (!request.query("sid"))
    return text(open(EngineIoSession::Transport::Polling)->session->openPacket());
  const auto connection = find(request);
  if (!connection) return engineError(1, "Session ID unknown");
  // Long-poll: wait for queued packets (an event, a ping from the heartbeat) or the poll limit.
  std::optional<std::string> payload;
  {
    std::unique_lock lock(connection->mutex);
    connection->wake.wait_for(lock, std::chrono::milliseconds(pollWaitMs_), [&] {
      if (connection->session->closed()) return true;
      payload = connection->session->drainPoll();
      return payload.has_value();
    });
  }
  bool closing = false;
  {
    std::lock_guard lock(connection->mutex);
    closing = connection->closing;
  }
  if ((connection->session->closed() && !payload) || closing) {
    // The last packets (an ack, socket.io's disconnect) go out with this poll; then it is gone.
    drop(connection);
    return text(payload.value_or("1"));
  }
  return text(payload.value_or("6"));
}

std::shared_ptr<SpectraLivePlugin::Connection> SpectraLivePlugin::open(
    EngineIoSession::Transport transport) {
  auto connection = std::make_shared<Connection>();
  EngineIoHandshake handshake;
  handshake.sid = spectra::KeyHash::randomString(kSidAlphabet, 20);
  handshake.offerWebSocketUpgrade = true;  // announced on polling handshakes only
  connection->session =
      std::make_unique<EngineIoSession>(handshake, transport, clock().monotonicMs());
  std::lock_guard lock(connectionsMutex_);
  connection->id = nextId_++;
  connections_[handshake.sid] = connection;
  byId_[connection->id] = connection;
  return connection;
}

std::unique_ptr<apiary::WebSocketSession> SpectraLivePlugin::acceptWebSocket(
    const apiary::Request& request) {
  if (request.query("EIO") != std::optional<std::string_view>("4"))
    throw apiary::HttpError(400, "Unsupported protocol version");
  if (request.query("transport") != std::optional<std::string_view>("websocket"))
    throw apiary::HttpError(400, "Transport unknown");
  if (!request.query("sid"))
    return std::make_unique<EngineIoSocket>(*this, open(EngineIoSession::Transport::WebSocket),
                                            false);
  const auto connection = find(request);
  if (!connection) throw apiary::HttpError(400, "Session ID unknown");
  if (connection->session->transport() != EngineIoSession::Transport::Polling)
    throw apiary::HttpError(400, "Bad request");
  return std::make_unique<EngineIoSocket>(*this, connection, true);
}

void SpectraLivePlugin::wake(Connection& connection) {
  std::lock_guard lock(connection.mutex);
  connection.wake.notify_all();
  if (connection.link.id() == 0) return;
  // Under the connection's mutex, so frames drained by two threads keep their order.
  for (const auto& frame : connection.session->drainFrames()) connection.link.sendText(frame);
  if (connection.closing || connection.session->closed()) connection.link.close(1000);
}

apiary::Response SpectraLivePlugin::post(const apiary::Request& request) {
  if (request.query("EIO") != std::optional<std::string_view>("4"))
    return engineError(5, "Unsupported protocol version");
  const auto connection = find(request);
  if (!connection) return engineError(1, "Session ID unknown");
  const auto received = connection->session->receivePayload(request.body(), clock().monotonicMs());
  for (const auto& message : received.messages) handleMessage(*connection, message);
  for (const auto& reply : received.replies) {
    // Only pings carry replies on polling; they go out with the next poll.
    if (!reply.empty() && reply[0] == '3') {
      std::lock_guard lock(connection->mutex);
      connection->wake.notify_all();
    }
  }
  if (received.closed) {
    drop(connection);
  }
  auto response = apiary::Response::text(200, "ok", "text/html");
  response.setHeader("Access-Control-Allow-Origin", "*");
  return response;
}

void SpectraLivePlugin::handleMessage(Connection& connection, const std::string& message) {
  const auto packet = SocketIoCodec::decode(message);
  if (!packet) {
    connection.session->receive(EngineIoPacket{EngineIoType::Close, "", false}, 0);
    return;
  }
  if (packet->type == SocketIoType::Connect) {
    if (packet->nsp != "/") {
      connection.session->send(SocketIoCodec::connectError("Invalid namespace", packet->nsp));
    } else {
      {
        std::lock_guard lock(connection.mutex);
        connection.connected = true;
      }
      connection.session->send(SocketIoCodec::connectAccepted(connection.session->sid()));
    }
  } else if (packet->type == SocketIoType::Disconnect) {
    connection.session->receive(EngineIoPacket{EngineIoType::Close, "", false}, 0);
  } else if (const auto name = packet->eventName()) {
    const Json* argument = packet->firstArgument();
    handleEvent(connection, *name, argument != nullptr ? *argument : Json());
  }
  wake(connection);
}

void SpectraLivePlugin::emit(Connection& connection, const std::string& name,
                             const Json& argument) {
  connection.session->send(SocketIoCodec::event(name, argument));
  wake(connection);
}

void SpectraLivePlugin::disconnect(Connection& connection) {
  // socket.io's disconnect packet; the next poll (or the WebSocket at once) delivers it and the
  // session ends.
  connection.session->send("1");
  {
    std::lock_guard lock(connection.mutex);
    connection.closing = true;
  }
  wake(connection);
}

void SpectraLivePlugin::handleEvent(Connection& connection, const std::string& name,
                                    const Json& argument) {
  const int64_t now = clock().wallMs();
  std::string groupCode;
  {
    std::lock_guard lock(connection.mutex);
    if (!connection.connected) return;
    groupCode = connection.groupCode;
  }
  if (ingest_ && (name == "obs_logon" || name == "aux_logon") && groupCode.empty()) {
    const auto logon = name == "obs_logon" ? rules_->observerLogon(argument, now)
                                           : rules_->auxiliaryLogon(argument, now);
    emit(connection, name + "_ack", logon.ackText());
    if (!logon.accepted) {
      disconnect(connection);
      return;
    }
    // An observer's logon creates or takes back the match's model; upstream keeps the Match
    // object across the observer's reconnects.
    if (name == "obs_logon") models_->open(logon.groupCode, logon.reconnected, now);
    std::lock_guard lock(connection.mutex);
    connection.groupCode = logon.groupCode;
    connection.auxiliary = name == "aux_logon";
    connection.playerId = logon.playerId;
  } else if (ingest_ && (name == "obs_data" || name == "aux_data") && !groupCode.empty()) {
    ingestData(connection, groupCode, argument, now);
  } else if (!ingest_ && name == "logon") {
    const auto code = OverlayFeed::groupCodeOf(argument);
    if (!code) return;
    {
      std::lock_guard lock(connection.mutex);
      connection.groupCode = *code;
    }
    feed_.join(connection.id, *code);
    emit(connection, "logon_success", OverlayFeed::logonSuccess(*code).dump());
    if (const auto snapshot = overlaySnapshot(*code, now))
      emit(connection, "match_data", *snapshot);
  }
}

void SpectraLivePlugin::ingestData(Connection& connection, const std::string& groupCode,
                                   const Json& argument, int64_t now) {
  IngestRules::DataOutcome outcome;
  {
    std::lock_guard lock(connection.mutex);
    outcome = rules_->data(groupCode, argument, connection.score, now,
                           models_->valorantMatchId(groupCode));
  }
  if (outcome == IngestRules::DataOutcome::Finished ||
      outcome == IngestRules::DataOutcome::NotLive) {
    // game_end: upstream counts the event and removes the match without a last broadcast.
    models_->close(groupCode);
    disconnect(connection);
    return;
  }
  if (outcome != IngestRules::DataOutcome::Recorded) return;
  const auto packet = IngestRules::parseArgument(&argument);
  if (!packet) return;
  models_->apply(groupCode, *packet, now);
  // Upstream learns an auxiliary client's player from its first aux_scoreboard when the logon
  // named none; its disconnect then marks that player's auxiliary data unavailable.
  std::lock_guard lock(connection.mutex);
  if (connection.auxiliary && connection.playerId.empty() &&
      packet->value("type", Json()) == "aux_scoreboard") {
    const auto it = packet->find("playerId");
    if (it != packet->end() && it->is_string()) connection.playerId = it->get<std::string>();
  }
}

std::optional<std::string> SpectraLivePlugin::overlaySnapshot(const std::string& groupCode,
                                                              int64_t now) const {
  const auto eventNumber = overlays_->liveEventNumber(groupCode, now);
  if (!eventNumber) return std::nullopt;
  if (*eventNumber > 0) {
    if (auto stored = overlays_->overlay(groupCode)) return stored;
  }
  const auto match = matches_->find(groupCode, now);
  if (!match) return std::nullopt;
  return OverlayFeed::snapshot(*match).dump();
}

void SpectraLivePlugin::drop(const std::shared_ptr<Connection>& connection) {
  feed_.leave(connection->id);
  std::string auxMatch, auxPlayer;
  {
    std::lock_guard lock(connection->mutex);
    if (connection->link.id() != 0) connection->link.close(1000);  // 0 when already closed
    if (connection->auxiliary && !connection->playerId.empty()) {
      auxMatch = connection->groupCode;
      auxPlayer = connection->playerId;
      connection->playerId.clear();  // once, however often the connection is dropped
    }
  }
  if (models_ && !auxPlayer.empty()) models_->auxDisconnected(auxMatch, auxPlayer);
  std::lock_guard lock(connectionsMutex_);
  connections_.erase(connection->session->sid());
  byId_.erase(connection->id);
}

void SpectraLivePlugin::disconnectIngestWithoutMatch(
    const std::vector<std::shared_ptr<Connection>>& all, int64_t now) {
  for (const auto& connection : all) {
    std::string groupCode;
    {
      std::lock_guard lock(connection->mutex);
      if (connection->closing || connection->groupCode.empty()) continue;
      groupCode = connection->groupCode;
    }
    if (matches_->find(groupCode, now)) continue;
    disconnect(*connection);
  }
}

void SpectraLivePlugin::tick() {
  const int64_t monotonic = clock().monotonicMs();
  const int64_t now = clock().wallMs();
  std::vector<std::shared_ptr<Connection>> all;
  {
    std::lock_guard lock(connectionsMutex_);
    for (const auto& [sid, connection] : connections_) all.push_back(connection);
  }
  for (const auto& connection : all) {
    const bool alive = connection->session->tick(monotonic);
    wake(*connection);  // a ping for a poll or a WebSocket; a dead WebSocket is closed
    (void)alive;  // a timed-out session is dropped by its next poll, or below when nobody polls
  }
  for (const auto& connection : all) {
    if (connection->session->closed()) drop(connection);
  }
  if (ingest_) {
    // Timeout countdowns run and changed models are stored: at most one write per match per tick.
    models_->tick(now);
    // Once a second: an observer or auxiliary client whose match is gone (30 minutes without
    // events, or finished by another client) is disconnected as upstream's idle check does,
    // instead of waiting for its next event. One indexed lookup per ingest client.
    if (++ticks_ % kIngestSweepTicks == 0) {
      disconnectIngestWithoutMatch(all, now);
      models_->sweep(now);
    }
    return;
  }
  const auto due = feed_.tick(
      now, [&](const std::string& code) { return overlays_->liveEventNumber(code, now); });
  for (const auto& room : due) {
    std::optional<std::string> snapshot;
    if (room.eventNumber >= 0) snapshot = overlaySnapshot(room.groupCode, now);
    for (const uint64_t id : room.connections) {
      std::shared_ptr<Connection> connection;
      {
        std::lock_guard lock(connectionsMutex_);
        const auto it = byId_.find(id);
        if (it != byId_.end()) connection = it->second;
      }
      if (!connection) continue;
      if (snapshot) {
        emit(*connection, "match_data", *snapshot);
      } else if (room.eventNumber < 0) {
        // The match ended or went idle: upstream disconnects its overlays.
        disconnect(*connection);
      }
    }
  }
}

}  // namespace spectra_live
