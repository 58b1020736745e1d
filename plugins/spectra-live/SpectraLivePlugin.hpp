// spectra-live over Engine.IO's transports: HTTP long-polling and WebSocket (ABI 1.5 WebSocket
// routes), with the polling -> WebSocket upgrade and direct WebSocket connects. One instance
// per port: mode "ingest" (5100: obs_logon, aux_logon, obs_data, aux_data) or "output" (5200:
// logon, then match_data). The two share nothing but storage, so they may run in different
// instances or processes: the ingest keeps each match's model (IngestModels) and stores its
// overlay view at most every 100 ms (OverlayStore); the output sends that view when its event
// number changed.
//
// Threading: a long-poll GET waits in its handler (up to poll_wait_ms) on the session's
// condition variable, so each polling client holds one of the host's worker threads while it
// waits. A WebSocket client holds none: its frames arrive on the host's WebSocket thread and
// what the session queues is written to its link at once (flush), from whichever thread queued.
#pragma once

#include "EngineIoSession.hpp"
#include "IngestModels.hpp"
#include "IngestRules.hpp"
#include "OverlayFeed.hpp"
#include "OverlayStore.hpp"

#include <apiary/apiary.hpp>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace spectra_live {

class SpectraLivePlugin : public apiary::Plugin {
 public:
  static constexpr const char* kName = "spectra-live";
  static constexpr const char* kVersion = "0.1.0";

  void configure(const apiary::ConfigReader& config) override;
  void routes(apiary::Router& router) override;
  std::vector<apiary::Migration> migrations() const override;
  void start() override;

 private:
  struct Connection {
    uint64_t id = 0;
    std::unique_ptr<EngineIoSession> session;
    std::mutex mutex;  // guards the fields below
    std::condition_variable wake;
    bool connected = false;  // the socket.io CONNECT to "/" happened
    bool closing = false;    // refused or finished: dropped once its last packets are polled
    std::string groupCode;   // ingest: the match it feeds; output: the room
    IngestRules::Score score;
    bool auxiliary = false;      // ingest: an aux_logon client
    std::string playerId;        // ingest, auxiliary: the player it reports for
    apiary::WebSocketLink link;  // set once the session runs on a WebSocket
  };
  class EngineIoSocket;

  apiary::Response handshakeOrPoll(const apiary::Request& request);
  apiary::Response post(const apiary::Request& request);
  std::shared_ptr<Connection> find(const apiary::Request& request) const;
  void handleMessage(Connection& connection, const std::string& message);
  void handleEvent(Connection& connection, const std::string& name, const Json& argument);
  void emit(Connection& connection, const std::string& name, const Json& argument);
  void drop(const std::shared_ptr<Connection>& connection);
  // Sends socket.io's disconnect and marks the connection closing (refused, finished or idle).
  void disconnect(Connection& connection);
  // Wakes a pending long-poll, or writes what the session queued to its WebSocket (and closes
  // it when the connection is closing). Call after anything was queued.
  void wake(Connection& connection);
  std::unique_ptr<apiary::WebSocketSession> acceptWebSocket(const apiary::Request& request);
  std::shared_ptr<Connection> open(EngineIoSession::Transport transport);
  void tick();
  void disconnectIngestWithoutMatch(const std::vector<std::shared_ptr<Connection>>& all,
                                    int64_t now);
  static apiary::Response engineError(int code, const std::string& message);
  void ingestData(Connection& connection, const std::string& groupCode, const Json& argument,
                  int64_t now);
  // The match_data text for a live match: what the ingest stored, or (nothing stored yet) the
  // model of the match as logged on.
  std::optional<std::string> overlaySnapshot(const std::string& groupCode, int64_t now) const;

  bool ingest_ = true;
  int64_t pollWaitMs_ = 25000;
  spectra::SpectraConfig spectra_;
  std::optional<spectra::MatchStore> matches_;
  std::optional<spectra::KeyValidator> validator_;
  std::optional<IngestRules> rules_;
  std::optional<OverlayStore> overlays_;
  std::optional<IngestModels> models_;  // ingest only
  OverlayFeed feed_;

  mutable std::mutex connectionsMutex_;
  std::map<std::string, std::shared_ptr<Connection>> connections_;
  std::map<uint64_t, std::shared_ptr<Connection>> byId_;
  uint64_t nextId_ = 1;
  static constexpr int kIngestSweepTicks = 10;  // 1 s at OverlayFeed::kTickMs
  int ticks_ = 0;                               // timer thread only
};

}  // namespace spectra_live
