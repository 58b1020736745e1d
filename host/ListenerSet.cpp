#include "ListenerSet.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <openssl/ssl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <thread>

namespace apiary {
namespace {

// The private key must not be readable beyond owner and group (0640) nor owned by another
// account than the daemon's or root's (Debian: root:apiary 0640 under /etc/apiary/tls). A key
// others can read is as good as leaked, so the listener refuses to start rather than warn into a
// log nobody reads.
void checkKeyFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;  // Poco reports the missing file itself
  if ((st.st_mode & 0137) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    throw Poco::IOException("TLS key " + path + " has mode " + mode +
                            ": it must not be accessible beyond owner and group read "
                            "(chmod 0600 or 0640)");
  }
  if (st.st_uid != ::geteuid() && st.st_uid != 0)
    throw Poco::IOException("TLS key " + path + " is owned by uid " + std::to_string(st.st_uid) +
                            ", neither this daemon's user nor root");
}

// Mozilla's "intermediate" TLS 1.2 suites (forward secret AEAD only); TLS 1.3 keeps OpenSSL's
// default suites, which are all of that kind.
constexpr const char* kCipherList =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

Poco::Net::Context::Ptr serverContext(const ListenerConfig& config) {
  checkKeyFile(config.tlsKey);
  Poco::Net::Context::Params params;
  params.privateKeyFile = config.tlsKey;
  params.certificateFile = config.tlsCert;
  params.verificationMode = Poco::Net::Context::VERIFY_NONE;
  params.loadDefaultCAs = false;
  params.cipherList = kCipherList;
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
  // TLS 1.2 and newer only: the floor is set on the OpenSSL context itself, so no protocol
  // OpenSSL adds or re-enables later can slip under it.
  context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                            Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
  if (SSL_CTX_set_min_proto_version(context->sslContext(), TLS1_2_VERSION) != 1)
    throw Poco::Net::SSLException("cannot set the TLS 1.2 minimum");
  context->preferServerCiphers();
  return context;
}

}  // namespace

ListenerSet::ListenerSet() = default;
ListenerSet::~ListenerSet() {
  stopAll(std::chrono::milliseconds(0));
}

void ListenerSet::add(const ListenerConfig& config,
                      Poco::Net::HTTPRequestHandlerFactory::Ptr factory) {
  const ServerLimits& limits = config.limits;
  Entry entry;
  entry.name = config.name;
  entry.tls = !config.insecure;
  try {
    const Poco::Net::SocketAddress address(config.address, static_cast<Poco::UInt16>(config.port));
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    if (entry.tls)
      socket = std::make_unique<Poco::Net::SecureServerSocket>(address, limits.maxQueued,
                                                               serverContext(config));
    else
      socket = std::make_unique<Poco::Net::ServerSocket>(address, limits.maxQueued);
    entry.port = socket->address().port();

    // One counted reference shared by the server and the connection factory.
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(limits.threads);
    params->setMaxQueued(limits.maxQueued);
    // Idle dispatcher runnables re-check for a stop this often: a stop request can race with
    // one entering its wait (Poco 1.11), which then holds shutdown for up to this long.
    params->setThreadIdleTime(Poco::Timespan(1, 0));
    params->setKeepAlive(limits.keepAlive);
    params->setKeepAliveTimeout(
        Poco::Timespan(Poco::Timespan::TimeDiff(limits.keepAliveTimeoutMs) * 1000));
    params->setMaxKeepAliveRequests(limits.maxKeepAliveRequests);
    params->setTimeout(Poco::Timespan(Poco::Timespan::TimeDiff(limits.timeoutMs) * 1000));
    params->setServerName("apiary");
    params->setSoftwareVersion("");  // no Server header: nothing to fingerprint

    // A dedicated pool per listener: one busy API cannot starve another's workers. It starts
    // with 2 threads and grows to `threads` on demand. Poco parks a worker on every idle
    // keep-alive connection (TCPServerDispatcher hands a connection to one thread for its whole
    // life), so the pool is sized for open connections (default 1024), not for cores: with
    // fewer workers than idle clients, a new client waits in the queue for keep_alive_timeout.
    entry.pool = std::make_unique<Poco::ThreadPool>(2, limits.threads, 60);
    // Poco's timeout above is per read; the watchdog bounds whole phases (slowloris).
    entry.watchdog = std::make_unique<ConnectionWatchdog>(ConnectionWatchdog::Budgets{
        std::chrono::milliseconds(limits.headerTimeoutMs),
        std::chrono::milliseconds(limits.bodyTimeoutMs),
        std::chrono::milliseconds(limits.keepAlive ? limits.keepAliveTimeoutMs : 0)});
    entry.connections =
        new GuardedConnectionFactory(params, std::move(factory), *entry.watchdog, !entry.tls);
    entry.server =
        std::make_unique<Acceptor>(Poco::Net::TCPServerConnectionFactory::Ptr(entry.connections),
                                   *entry.pool, *socket, params, !entry.tls);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("listener '" + config.name + "' on " + config.address + ":" +
                             std::to_string(config.port) + ": " + e.displayText());
  }
  entries_.push_back(std::move(entry));
}

void ListenerSet::startAll() {
  for (auto& e : entries_) {
    e.server->start();
    Poco::Logger::get("host").information("listening: listener=" + e.name + " port=" +
                                          std::to_string(e.port) + (e.tls ? " tls" : " plain"));
  }
}

void ListenerSet::stopAll(std::chrono::milliseconds grace) {
  for (auto& e : entries_)
    if (e.server) e.server->stop();  // stop accepting on every listener first
  // stopConnections(false), as HTTPServer::stopAll(false): idle keep-alive connections close at
  // once, and a connection serving a request closes after answering it, so no request in flight
  // is cut. It does not wait for those requests (Poco's stopAll did, one connection at a time).
  for (auto& e : entries_)
    if (e.connections) e.connections->stopConnections(false);
  // Wait for the requests in flight and the dispatcher runnables leaving within their idle time,
  // bounded by grace; joinAll below then waits for whatever is still running.
  const auto deadline = std::chrono::steady_clock::now() + grace;
  for (auto& e : entries_)
    while (e.server && e.server->currentThreads() > 0 &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  for (auto& e : entries_)
    if (e.pool) e.pool->joinAll();
  entries_.clear();
}

std::map<std::string, int> ListenerSet::boundPorts() const {
  std::map<std::string, int> ports;
  for (const auto& e : entries_) ports[e.name] = e.port;
  return ports;
}

ListenerSet::Counters ListenerSet::counters(const std::string& name) const {
  Counters c;
  for (const auto& e : entries_)
    if (e.name == name && e.server) {
      c.currentThreads = e.server->currentThreads();
      c.currentConnections = e.server->currentConnections();
      c.queuedConnections = e.server->queuedConnections();
      c.refusedConnections = e.server->refusedConnections();
      c.maxConcurrentConnections = e.server->maxConcurrentConnections();
      c.totalConnections = e.server->totalConnections();
    }
  return c;
}

}  // namespace apiary
