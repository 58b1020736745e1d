#include "OutboundHttpClient.h"

#include "Version.h"

#include <apiary/abi.h>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace apiary {

using Clock = std::chrono::steady_clock;

// What send() takes from the URL, checked before any socket exists.
struct OutboundHttpClient::Target {
  bool tls = false;
  std::string host;  // as in the URL, IPv6 without brackets
  Poco::UInt16 port = 0;
  std::string authority;     // for Host and for messages: host[:port], port only if not default
  std::string pathAndQuery;  // the request target exactly as the caller wrote it
};

struct OutboundHttpClient::Limits {
  std::chrono::milliseconds connectTimeout, totalTimeout;
  Clock::time_point deadline;
  size_t maxResponseBytes;
};

// How far an exchange got, so that a failure can be named after the step that failed.
struct OutboundHttpClient::Progress {
  enum class Step { Resolving, Connecting, Handshaking, Exchanging } step = Step::Resolving;
  std::chrono::milliseconds connectLimit{0};
  bool deadlineFired = false;
};

// Enforces the total deadline of every exchange from outside. Socket timeouts only bound how
// long a server may stay silent; a server that trickles one byte at a time keeps every single
// read short, and OpenSSL loops over partial reads inside one SSL_read. So a thread shuts down
// the socket of an exchange that outlives its deadline: shutdown(2) wakes any blocked read or
// write at once and leaves the descriptor open, and the owner always unregisters before the
// socket is closed, so a descriptor number is never touched after it could have been reused.
class OutboundHttpClient::DeadlineWatchdog {
 public:
  // One exchange's registration; unregisters when destroyed and reports whether it fired.
  class Watch {
   public:
    Watch(DeadlineWatchdog& watchdog, int fd, Clock::time_point deadline, bool& fired)
        : watchdog_(watchdog), ticket_(watchdog.watch(fd, deadline)), fired_(fired) {}
    ~Watch() { fired_ = watchdog_.unwatch(ticket_); }
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

   private:
    DeadlineWatchdog& watchdog_;
    uint64_t ticket_;
    bool& fired_;
  };

  DeadlineWatchdog() : thread_([this] { run(); }) {}
  ~DeadlineWatchdog() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  DeadlineWatchdog(const DeadlineWatchdog&) = delete;
  DeadlineWatchdog& operator=(const DeadlineWatchdog&) = delete;

 private:
  struct Entry {
    int fd;
    Clock::time_point deadline;
    bool fired;
  };

  uint64_t watch(int fd, Clock::time_point deadline) {
    uint64_t ticket;
    {
      std::lock_guard lock(mutex_);
      ticket = nextTicket_++;
      entries_.emplace(ticket, Entry{fd, deadline, false});
    }
    changed_.notify_all();
    return ticket;
  }

  bool unwatch(uint64_t ticket) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(ticket);
    const bool fired = it != entries_.end() && it->second.fired;
    if (it != entries_.end()) entries_.erase(it);
    return fired;
  }

  void run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      const Clock::time_point now = Clock::now();
      Clock::time_point next = Clock::time_point::max();
      for (auto& [ticket, entry] : entries_) {
        if (entry.fired) continue;
        if (entry.deadline <= now) {
          ::shutdown(entry.fd, SHUT_RDWR);
          entry.fired = true;
        } else {
          next = std::min(next, entry.deadline);
        }
      }
      if (next == Clock::time_point::max())
        changed_.wait(lock);
      else
        changed_.wait_until(lock, next);
    }
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<uint64_t, Entry> entries_;
  uint64_t nextTicket_ = 1;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

namespace {

constexpr size_t kReadChunkBytes = 16 * 1024;

// The body went over the limit; thrown out of the read loop, caught in send().
class ResponseTooLarge : public std::runtime_error {
 public:
  ResponseTooLarge() : std::runtime_error("response too large") {}
};

// A REST client needs no more; CONNECT and TRACE in particular have no business here.
bool supportedMethod(std::string_view method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (method == known) return true;
  return false;
}

// RFC 9110 token: what a header name may consist of.
bool isToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// Exception texts come from Poco, OpenSSL and the peer: keep the reason on one line.
std::string oneLine(std::string text) {
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return text;
}

int64_t orDefault(int64_t value, int64_t fallback) {
  return value > 0 ? value : fallback;
}

Poco::Timespan timespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

// Time left before the deadline, at least 1 ms (a zero socket timeout would mean "forever");
// throws once the deadline has passed.
std::chrono::milliseconds remaining(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) throw Poco::TimeoutException("total deadline passed");
  return left;
}

// Before each blocking step: no single read or write may wait past the deadline.
void armTimeouts(Poco::Net::StreamSocket& socket, Clock::time_point deadline) {
  const Poco::Timespan left = timespan(remaining(deadline));
  socket.setReceiveTimeout(left);
  socket.setSendTimeout(left);
}

bool validHeaders(const std::vector<std::pair<std::string, std::string>>& headers,
                  std::string& why) {
  for (size_t i = 0; i < headers.size(); ++i) {
    const auto& [name, value] = headers[i];
    // Names are echoed only when they are clean tokens; values never are (they hold secrets).
    if (!isToken(name)) {
      why = "header #" + std::to_string(i + 1) + " has an invalid name";
      return false;
    }
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      why = "the value of header " + name + " contains CR, LF or NUL";
      return false;
    }
    // The host frames the body itself; a caller's framing header could contradict it and
    // desynchronise the connection.
    if (equalsIgnoreCase(name, "Content-Length") || equalsIgnoreCase(name, "Transfer-Encoding")) {
      why = "header " + name + " is set by the host from the body";
      return false;
    }
  }
  return true;
}

// HTTPSClientSession insists on connecting by itself; over a socket that is already connected
// and through its handshake, the plain session does the same job. Like HTTPSClientSession, it
// takes a peer that closes without a TLS close_notify as the end of the stream: many servers
// do so, and a body cut short is still caught against its Content-Length.
class TlsSession : public Poco::Net::HTTPClientSession {
 public:
  explicit TlsSession(const Poco::Net::SecureStreamSocket& socket) : HTTPClientSession(socket) {}

 protected:
  int read(char* buffer, std::streamsize length) override {
    try {
      return HTTPClientSession::read(buffer, length);
    } catch (const Poco::Net::SSLConnectionUnexpectedlyClosedException&) {
      return 0;
    }
  }
};

bool methodCarriesBody(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

// Statuses and methods whose responses have no body even when Content-Length says otherwise.
bool responseHasBody(const std::string& method, int status) {
  return method != "HEAD" && status >= 200 && status != 204 && status != 304;
}

Poco::Net::Context::Ptr clientContext(const std::string& caFile) {
  Poco::Net::Context::Params params;
  params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
  params.verificationDepth = 9;
  params.loadDefaultCAs = caFile.empty();
  params.caLocation = caFile;
  params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
  Poco::Net::Context::Ptr context;
  try {
    context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot load the CA file '" + caFile +
                             "': " + oneLine(e.displayText()));
  }
  // TLS 1.2 and newer only.
  context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                            Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
  // After the handshake Poco checks the certificate against the host name of the URL (or its
  // IP address), also for localhost, because the mode is VERIFY_STRICT.
  context->enableExtendedCertificateVerification(true);
  // Poco's verify callback asks SSLManager's process-wide InvalidCertificateHandler whether to
  // accept a certificate that failed verification; depending on configuration that handler may
  // prompt on the console or accept everything. OpenSSL's own verification (no callback) simply
  // fails the handshake, and nothing elsewhere in the process can loosen it.
  SSL_CTX_set_verify(context->sslContext(), SSL_VERIFY_PEER, nullptr);
  return context;
}

}  // namespace

// Poco::URI checks scheme, host and port; the request target is taken verbatim from the string,
// because Poco::URI decodes the path and re-encodes it differently ("%2F" would become "/").
bool OutboundHttpClient::parseTarget(const std::string& url, Target& target, std::string& why) {
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7F) {
      why = "the URL contains a space, a control or a non-ASCII character (percent-encode it)";
      return false;
    }
  }
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception&) {
    why = "malformed URL";
    return false;
  }
  const std::string& scheme = uri.getScheme();
  if (scheme.empty() || url.compare(scheme.size(), 3, "://") != 0) {
    why = "the URL must be absolute (http:// or https://)";
    return false;
  }
  if (scheme != "http" && scheme != "https") {
    why = "unsupported URL scheme '" + scheme + "' (only http and https)";
    return false;
  }
  if (!uri.getUserInfo().empty()) {
    why = "credentials in the URL are not supported (send an Authorization header)";
    return false;
  }
  if (uri.getHost().empty()) {
    why = "the URL has no host";
    return false;
  }
  target.tls = scheme == "https";
  target.host = uri.getHost();
  target.port = uri.getPort();
  target.authority =
      target.host.find(':') == std::string::npos ? target.host : "[" + target.host + "]";
  const Poco::UInt16 defaultPort = target.tls ? 443 : 80;
  if (target.port != defaultPort) target.authority += ":" + std::to_string(target.port);

  const size_t afterScheme = scheme.size() + 3;
  const size_t pathStart = url.find_first_of("/?#", afterScheme);
  std::string pathAndQuery;
  if (pathStart != std::string::npos)
    pathAndQuery = url.substr(pathStart, url.find('#', pathStart) - pathStart);
  if (pathAndQuery.empty() || pathAndQuery.front() != '/') pathAndQuery.insert(0, "/");
  target.pathAndQuery = std::move(pathAndQuery);
  return true;
}

OutboundHttpClient::OutboundHttpClient(OutboundSettings settings)
    : settings_(std::move(settings)),
      // A configured CA file is loaded now, so that a bad one refuses the start. The system
      // bundle (~150 certificates, tens of ms) is loaded by the first HTTPS request instead:
      // most configurations never make one, and startup time counts (bench/README.md).
      tlsContext_(settings_.caFile.empty() ? nullptr : clientContext(settings_.caFile)),
      watchdog_(std::make_unique<DeadlineWatchdog>()) {}

OutboundHttpClient::~OutboundHttpClient() = default;

Poco::Net::Context::Ptr OutboundHttpClient::tlsContext() const {
  std::call_once(tlsOnce_, [&] {
    if (!tlsContext_) tlsContext_ = clientContext(settings_.caFile);
  });
  return tlsContext_;
}

int32_t OutboundHttpClient::send(const OutboundRequest& request, OutboundResponse& response,
                                 std::string& why) const {
  response = OutboundResponse{};
  why.clear();
  Target target;
  if (!supportedMethod(request.method)) {
    why = "unsupported method (use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS)";
    return APIARY_HTTP_INVALID;
  }
  if (!parseTarget(request.url, target, why) || !validHeaders(request.headers, why))
    return APIARY_HTTP_INVALID;

  Limits limits;
  limits.connectTimeout =
      std::chrono::milliseconds(orDefault(request.connectTimeoutMs, settings_.connectTimeoutMs));
  limits.totalTimeout =
      std::chrono::milliseconds(orDefault(request.totalTimeoutMs, settings_.totalTimeoutMs));
  limits.deadline = Clock::now() + limits.totalTimeout;
  limits.maxResponseBytes =
      static_cast<size_t>(orDefault(request.maxResponseBytes, settings_.maxResponseBytes));

  const std::string& peer = target.authority;
  Progress progress;
  int32_t code = APIARY_HTTP_OK;
  try {
    exchange(request, target, limits, response, progress);
  } catch (const ResponseTooLarge&) {
    code = APIARY_HTTP_TOO_LARGE;
    why = "the response from " + peer + " exceeds " + std::to_string(limits.maxResponseBytes) +
          " bytes";
  } catch (const Poco::TimeoutException&) {
    code = APIARY_HTTP_TIMEOUT;
    if (progress.step == Progress::Step::Connecting)
      why = "connecting to " + peer + " timed out after " +
            std::to_string(progress.connectLimit.count()) + " ms";
    else
      why = "no complete response from " + peer + " within " +
            std::to_string(limits.totalTimeout.count()) + " ms";
  } catch (const Poco::Net::ConnectionRefusedException&) {
    code = APIARY_HTTP_REFUSED;
    why = "connection refused by " + peer;
  } catch (const Poco::Net::SSLConnectionUnexpectedlyClosedException& e) {
    // During the handshake, a server that hangs up usually rejected our protocol or ciphers.
    const bool handshaking = progress.step == Progress::Step::Handshaking;
    code = handshaking ? APIARY_HTTP_TLS : APIARY_HTTP_NETWORK;
    why = (handshaking ? "TLS handshake with " : "connection closed by ") + peer + ": " +
          oneLine(e.displayText());
  } catch (const Poco::Net::SSLException& e) {
    code = APIARY_HTTP_TLS;
    why = "TLS with " + peer + " failed: " + oneLine(e.displayText());
  } catch (const Poco::Net::DNSException& e) {
    code = APIARY_HTTP_NETWORK;
    why = "cannot resolve " + target.host + ": " + oneLine(e.displayText());
  } catch (const Poco::Net::NetException& e) {
    if (e.code() == EHOSTUNREACH || e.code() == ENETUNREACH) {
      code = APIARY_HTTP_REFUSED;
      why = peer + " is unreachable: " + oneLine(e.displayText());
    } else {
      code = APIARY_HTTP_NETWORK;
      why = "network error with " + peer + ": " + oneLine(e.displayText());
    }
  } catch (const Poco::Exception& e) {
    code = APIARY_HTTP_NETWORK;
    why = "network error with " + peer + ": " + oneLine(e.displayText());
  } catch (const std::exception& e) {
    code = APIARY_HTTP_NETWORK;
    why = "network error with " + peer + ": " + oneLine(e.what());
  }
  // Once the watchdog has shut the socket down, whatever failed next (or a body cut short that
  // looked complete) is the deadline's doing.
  if (progress.deadlineFired) {
    code = APIARY_HTTP_TIMEOUT;
    why = "no complete response from " + peer + " within " +
          std::to_string(limits.totalTimeout.count()) + " ms";
  }
  if (code != APIARY_HTTP_OK) response = OutboundResponse{};
  return code;
}

void OutboundHttpClient::exchange(const OutboundRequest& request, const Target& target,
                                  const Limits& limits, OutboundResponse& response,
                                  Progress& progress) const {
  // Name resolution blocks in getaddrinfo and is bounded by the resolver's own timeout only.
  const Poco::Net::SocketAddress address(target.host, target.port);

  // The socket exists before it connects, so the watchdog covers the TLS handshake too. The
  // session is declared before the watch: it closes the socket, and must do so only after the
  // watch has unregistered.
  Poco::Net::StreamSocket tcp(address.family());
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  const DeadlineWatchdog::Watch watch(*watchdog_, tcp.impl()->sockfd(), limits.deadline,
                                      progress.deadlineFired);

  progress.step = Progress::Step::Connecting;
  progress.connectLimit = std::min(limits.connectTimeout, remaining(limits.deadline));
  tcp.connect(address, timespan(progress.connectLimit));
  tcp.setNoDelay(true);

  if (target.tls) {
    progress.step = Progress::Step::Handshaking;
    armTimeouts(tcp, limits.deadline);
    // attach() performs the handshake (with SNI) and then checks the certificate's names.
    const Poco::Net::SecureStreamSocket tls =
        Poco::Net::SecureStreamSocket::attach(tcp, target.host, tlsContext());
    session = std::make_unique<TlsSession>(tls);
  } else {
    session = std::make_unique<Poco::Net::HTTPClientSession>(tcp);
  }
  progress.step = Progress::Step::Exchanging;
  // The session was given a connected socket, so it never resolves or reconnects by itself,
  // and it sends no Host header of its own.
  session->setKeepAlive(false);

  Poco::Net::HTTPRequest out(request.method, target.pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : request.headers) out.add(name, value);
  if (!out.has(Poco::Net::HTTPRequest::HOST)) out.setHost(target.authority);
  if (!out.has("User-Agent")) out.set("User-Agent", std::string("apiary/") + kApiaryVersion);
  if (!request.body.empty() || methodCarriesBody(request.method))
    out.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
  out.setKeepAlive(false);

  armTimeouts(session->socket(), limits.deadline);
  std::ostream& bodyStream = session->sendRequest(out);
  bodyStream.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
  bodyStream.flush();
  if (!bodyStream) {
    if (const Poco::Exception* e = session->networkException()) e->rethrow();
    throw Poco::Net::NetException("sending the request failed");
  }

  armTimeouts(session->socket(), limits.deadline);
  Poco::Net::HTTPResponse in;
  std::istream& bodyIn = session->receiveResponse(in);
  response.status = static_cast<int>(in.getStatus());
  for (const auto& [name, value] : in) response.headers.emplace_back(name, value);
  if (!responseHasBody(request.method, response.status)) return;
  const bool lengthKnown = in.hasContentLength();
  if (lengthKnown && in.getContentLength64() > static_cast<Poco::Int64>(limits.maxResponseBytes))
    throw ResponseTooLarge();

  // Read through the stream buffer: sgetc() waits for at most one read from the socket, so the
  // deadline is checked between reads however slowly the bytes come, and the body never grows
  // past the limit plus one byte.
  std::streambuf& source = *bodyIn.rdbuf();
  std::string& body = response.body;
  while (true) {
    armTimeouts(session->socket(), limits.deadline);
    if (source.sgetc() == std::char_traits<char>::eof()) break;
    const size_t room = limits.maxResponseBytes + 1 - body.size();
    const size_t take = std::min({static_cast<size_t>(source.in_avail()), room, kReadChunkBytes});
    const size_t before = body.size();
    body.resize(before + take);
    body.resize(before + static_cast<size_t>(source.sgetn(body.data() + before,
                                                          static_cast<std::streamsize>(take))));
    if (body.size() > limits.maxResponseBytes) throw ResponseTooLarge();
  }
  // Poco ends a fixed-length body silently when the peer closes early.
  if (lengthKnown && static_cast<Poco::Int64>(body.size()) < in.getContentLength64())
    throw Poco::Net::MessageException("the connection closed after " + std::to_string(body.size()) +
                                      " of " + std::to_string(in.getContentLength64()) +
                                      " body bytes");
}

}  // namespace apiary
