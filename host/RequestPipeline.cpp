#include "RequestPipeline.h"

#include "AccessLog.h"
#include "AuthGate.h"
#include "ClientAddress.h"
#include "ConnectionWatchdog.h"
#include "HostApi.h"
#include "HostRequest.h"
#include "HostResponse.h"
#include "PluginInstance.h"
#include "RequestId.h"
#include "RequestScreen.h"
#include "ResponseWriter.h"
#include "WebSocketHub.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <chrono>
#include <nlohmann/json.hpp>

namespace apiary {
namespace {

void preflight(const CorsSettings& cors, const HostRequest& request, HostResponse& response) {
  response.reset(cors.preflightStatus);
  response.setHeader("Access-Control-Allow-Origin", cors.allowOrigin);
  response.setHeader("Access-Control-Allow-Methods", cors.allowMethods);
  if (!cors.allowHeaders.empty()) {
    response.setHeader("Access-Control-Allow-Headers", cors.allowHeaders);
  } else {
    response.setHeader("Vary", "Access-Control-Request-Headers");
    if (const std::string* asked = request.header("Access-Control-Request-Headers"))
      response.setHeader("Access-Control-Allow-Headers", *asked);
  }
  if (cors.maxAgeSeconds >= 0)
    response.setHeader("Access-Control-Max-Age", std::to_string(cors.maxAgeSeconds));
}

}  // namespace

void RequestPipeline::renderError(const Mount* mount, int status, const char* code,
                                  const std::string& message, HostRequest& request,
                                  HostResponse& response) {
  request.errorCode = code;  // readable by the plugin's formatter (request_error_code)
  if (mount != nullptr && mount->owner().formatError(status, message, request, response)) return;
  response.reset(status);
  response.setHeader("Content-Type", "application/json; charset=utf-8");
  response.body = nlohmann::json{{"error", message}}.dump();
}

int RequestPipeline::readBody(Poco::Net::HTTPServerRequest& in, int64_t limit, std::string& body,
                              std::string& why) {
  const int status = readBodyWithinBudget(in, limit, body, why);
  // The body budget (header and body timeouts, ConnectionWatchdog) ends here: the handler's own
  // time is not the client's fault. A read cut by the watchdog surfaces as a short body or a
  // stream error; either way the client was too slow.
  const bool cut = ConnectionWatchdog::bodyTimedOut();
  ConnectionWatchdog::bodyRead();
  if (cut) {
    why = "Request timeout";
    return 408;
  }
  return status;
}

int RequestPipeline::readBodyWithinBudget(Poco::Net::HTTPServerRequest& in, int64_t limit,
                                          std::string& body, std::string& why) {
  // HTTP/1.1: without Content-Length or chunked encoding a request has no body. (Poco would
  // otherwise read a POST until the connection closes.)
  const bool chunked = in.getChunkedTransferEncoding();
  if (!chunked && !in.hasContentLength()) return 0;
  if (!chunked && in.getContentLength64() > limit) {
    why = "Request body too large (limit " + std::to_string(limit) + " bytes)";
    return 413;
  }
  try {
    std::istream& stream = in.stream();
    char buffer[16384];
    while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
      body.append(buffer, static_cast<size_t>(stream.gcount()));
      if (static_cast<int64_t>(body.size()) > limit) {
        why = "Request body too large (limit " + std::to_string(limit) + " bytes)";
        return 413;
      }
    }
    if (!chunked && static_cast<int64_t>(body.size()) != in.getContentLength64()) {
      why = "Request body shorter than Content-Length";
      return 400;
    }
  } catch (const Poco::TimeoutException&) {
    why = "Request timeout";
    return 408;
  } catch (const Poco::Exception& e) {
    why = "Malformed request body";
    return 400;
  }
  return 0;
}

bool RequestPipeline::authorized(const RouteTable& table, const Mount* mount,
                                 const MountedRoute* route, HostRequest& request,
                                 HostResponse& response) {
  if (mount == nullptr || !AuthGate::anyPolicy(*mount, route, request.path)) return true;
  const AuthGate::Decision decision = table.authGate()->check(*mount, route, request);
  if (decision.status == 0) return true;
  renderError(mount, decision.status, decision.code.c_str(), decision.message, request, response);
  // Only a 401 carries a challenge: a formatter may answer another status (SpellBot: 403).
  if (response.status == 401 && !decision.challenge.empty())
    response.setHeader("WWW-Authenticate", decision.challenge);
  return false;
}

void RequestPipeline::finish(const Mount* mount, const HostRequest& request,
                             HostResponse& response) {
  if (mount != nullptr) {
    for (const auto& [name, value] : mount->defaultHeaders())
      if (!response.hasHeader(name)) response.addHeader(name, value);
    if (mount->cors())
      response.setHeader("Access-Control-Allow-Origin", mount->cors()->allowOrigin);
  }
  response.setHeader("X-Request-Id", request.requestId);
}

void RequestPipeline::handleRequest(Poco::Net::HTTPServerRequest& in,
                                    Poco::Net::HTTPServerResponse& out) {
  const auto started = std::chrono::steady_clock::now();
  const ServerLimits& limits = listener_.config().limits;
  const std::shared_ptr<const RouteTable> table = listener_.routes();

  HostRequest request;
  HostResponse response;
  request.method = in.getMethod();
  const std::string& uri = in.getURI();
  const size_t q = uri.find('?');
  request.path = uri.substr(0, q);
  if (q != std::string::npos) request.queryString = uri.substr(q + 1);
  if (const size_t hash = request.path.find('#'); hash != std::string::npos)
    request.path.resize(hash);
  int64_t headerBytes = 0;
  request.headers.reserve(in.size());
  for (const auto& [name, value] : in) {
    headerBytes += static_cast<int64_t>(name.size() + value.size());
    request.headers.emplace_back(name, value);
  }
  ClientAddress::format(in.clientAddress(), request.remoteAddress, request.remoteHost);
  request.requestId = RequestId::fromClientOrNew(request.header("X-Request-Id"));

  const Mount* mount = nullptr;
  const MountedRoute* statsRoute = nullptr;  // the route the metrics count this request under
  bool keepAlive = true;
  const MountedRoute* webSocketRoute = nullptr;  // set when the handler accepted an upgrade
  bool bodyRead = false;  // an unread body left on the wire would be parsed as the next request
  std::string refusal;
  if (headerBytes > limits.maxHeaderBytes) {
    mount = table->mountFor(request.path);
    renderError(mount, 431, "request.headers_too_large", "Request header fields too large", request,
                response);
    keepAlive = false;
  } else if (static_cast<int64_t>(uri.size()) > limits.maxUrlBytes) {
    mount = table->mountFor(request.path);
    renderError(mount, 414, "request.uri_too_long", "URI too long", request, response);
  } else if (!RequestScreen::framingIsUnambiguous(in, refusal)) {
    mount = table->mountFor(request.path);
    renderError(mount, 400, "request.framing", refusal, request, response);
    keepAlive = false;  // where this request ends is exactly what is in doubt
  } else if (!RequestScreen::targetIsClean(request.path, request.queryString, refusal)) {
    mount = table->mountFor(request.path);
    renderError(mount, 400, "request.malformed", refusal, request, response);
  } else if (request.path.empty() || request.path.front() != '/') {
    // Absolute-form or asterisk-form targets are for proxies; apiary is an origin server.
    renderError(nullptr, 400, "request.malformed", "Malformed request target", request, response);
  } else {
    RouteTable::Match match = table->match(request.method, request.path);
    mount = match.mount;
    const MountedRoute* route = match.outcome == RouteTable::Outcome::Found ? match.route : nullptr;
    statsRoute = route;
    if (request.method == "OPTIONS" && mount != nullptr && mount->cors()) {
      preflight(*mount->cors(), request, response);
    } else if (!authorized(*table, mount, route, request, response)) {
      // refused before routing: unknown paths under a protected prefix are gated too
    } else {
      switch (match.outcome) {
        case RouteTable::Outcome::BadPath:
          renderError(mount, 400, "request.malformed", "Malformed path", request, response);
          break;
        case RouteTable::Outcome::NotFound:
          renderError(mount, 404, "route.not_found", "Not found", request, response);
          break;
        case RouteTable::Outcome::MethodNotAllowed:
          renderError(mount, 405, "route.method", "Method not allowed", request, response);
          response.setHeader("Allow", match.allow);
          break;
        case RouteTable::Outcome::Found: {
          const int64_t limit =
              mount->maxBodyBytes() >= 0 ? mount->maxBodyBytes() : limits.maxBodyBytes;
          std::string why;
          bodyRead = true;
          if (const int status = readBody(in, limit, request.body, why); status != 0) {
            renderError(mount, status,
                        status == 413   ? "request.too_large"
                        : status == 408 ? "request.timeout"
                                        : "request.malformed",
                        why, request, response);
            keepAlive = false;  // the rest of the body is still on the wire
            break;
          }
          request.params = std::move(match.params);
          const MountedRoute& route = *match.route;
          request.webSocketUpgrade = route.websocket && WebSocketHub::isUpgrade(request);
          const bool handled = route.handler(route.user, HostApi::toAbi(&request),
                                             HostApi::toAbi(&response)) == APIARY_OK;
          if (response.webSocketAccepted && !handled)
            WebSocketHub::shared().abandon(route, response.webSocketState);
          else if (response.webSocketAccepted)
            webSocketRoute = &route;
          if (!handled) {
            Poco::Logger::get("host").error("handler failed: plugin=" + mount->owner().name() +
                                            " route=" + route.method + " " + route.pattern +
                                            " request_id=" + request.requestId);
            renderError(mount, 500, "handler.failed", "Internal server error", request, response);
          }
          break;
        }
      }
    }
  }
  finish(mount, request, response);

  if (webSocketRoute != nullptr) {
    // The socket leaves the HTTP server here: the hub's thread serves it from now on.
    WebSocketHub::shared().upgrade(in, out, mount->owner(), *webSocketRoute, response);
    response.status = 101;
    response.body.clear();
  } else {
    if (!bodyRead && RequestScreen::announcesBody(in)) keepAlive = false;
    // Poco 1.11 reads a malformed chunk-size line ("zz", "-1", 19 hex digits) as the end of the
    // body without consuming the rest, so what follows would be parsed as the next request. A
    // chunked request therefore always ends its connection: nothing after it is ever a request.
    if (in.getChunkedTransferEncoding()) keepAlive = false;
    if (!keepAlive) out.setKeepAlive(false);
    ResponseWriter::send(in, out, response);
  }

  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
  if (statsRoute != nullptr)
    statsRoute->stats->record(response.status, micros / 1e6);
  else if (mount != nullptr)
    mount->unmatchedStats().record(response.status, micros / 1e6);
  if (listener_.accessLog() && AccessLog::instance().enabled()) {
    // The query string is left out: it may carry secrets.
    const std::string& listenerName = listener_.config().name;
    std::string line;
    line.reserve(128 + request.path.size());
    line.append(listenerName).append(" ").append(request.remoteAddress).append(" \"");
    line.append(request.method).append(" ").append(request.path).append("\" ");
    line.append(std::to_string(response.status)).append(" ");
    line.append(std::to_string(response.body.size())).append(" ");
    line.append(std::to_string(micros)).append("us rid=").append(request.requestId);
    if (mount != nullptr) line.append(" plugin=").append(mount->owner().name());
    AccessLog::instance().write(line);
  }
}

}  // namespace apiary
