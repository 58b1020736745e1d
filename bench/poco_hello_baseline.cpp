// poco_hello_baseline: the floor the apiary host is measured against.
//
// A raw Poco HTTPServer that answers GET /hello/{name} exactly as the hello plugin does
// (same body, same Content-Type), configured with the host's default listener parameters
// (host/HostConfig.h ServerLimits, host/ListenerSet.cpp). Whatever the host costs beyond this
// program (plugin ABI, routing, request/response copies, request id, headers) is its overhead.
//
//   poco_hello_baseline PORT     (0 = any free port)
//
// Prints the bound port on stdout as the first line, serves until SIGTERM or SIGINT.
#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

namespace {

// The host's defaults (host/HostConfig.h, ServerLimits).
constexpr int kThreads = 1024;
constexpr int kMaxQueued = 256;
constexpr bool kKeepAlive = true;
constexpr int kKeepAliveTimeoutMs = 5000;
constexpr int kMaxKeepAliveRequests = 1000;
constexpr int kTimeoutMs = 30000;
constexpr int kThreadIdleSeconds = 60;
// The hello plugin's limit and default greeting (sdk/examples/hello/HelloPlugin.cpp).
constexpr size_t kMaxNameLength = 64;
constexpr std::string_view kGreeting = "Hello";
constexpr std::string_view kRoutePrefix = "/hello/";

// What nlohmann::json::dump() emits for a string, for the characters a benchmark sends.
// (nlohmann also rejects invalid UTF-8; the baseline does not need to.)
void appendJsonString(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += hex[(c >> 4) & 0xf];
          out += hex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void send(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
          const std::string& body, bool head) {
  response.setStatusAndReason(status);
  response.setContentType("application/json; charset=utf-8");
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  if (head)
    response.send();
  else
    response.sendBuffer(body.data(), body.size());
}

std::string errorBody(std::string_view message) {
  std::string body = "{\"error\":";
  appendJsonString(body, message);
  body += '}';
  return body;
}

class HelloHandler : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    using Status = Poco::Net::HTTPResponse::HTTPStatus;
    std::string_view path = request.getURI();
    path = path.substr(0, path.find_first_of("?#"));
    const bool head = request.getMethod() == "HEAD";

    if (!path.starts_with(kRoutePrefix) ||
        path.find('/', kRoutePrefix.size()) != std::string_view::npos) {
      send(response, Status::HTTP_NOT_FOUND, errorBody("Not found"), head);
      return;
    }
    if (request.getMethod() != "GET" && !head) {
      response.set("Allow", "GET, HEAD");
      send(response, Status::HTTP_METHOD_NOT_ALLOWED, errorBody("Method not allowed"), head);
      return;
    }
    std::string name;
    try {
      Poco::URI::decode(std::string(path.substr(kRoutePrefix.size())), name);
    } catch (const Poco::SyntaxException&) {
      send(response, Status::HTTP_BAD_REQUEST, errorBody("Malformed path"), head);
      return;
    }
    if (name.size() > kMaxNameLength) {
      send(response, Status::HTTP_BAD_REQUEST, errorBody("name must be at most 64 characters"),
           head);
      return;
    }

    std::string message;
    message.reserve(kGreeting.size() + name.size() + 3);
    message.append(kGreeting).append(", ").append(name).append("!");
    std::string body = "{\"message\":";
    appendJsonString(body, message);
    body += '}';
    send(response, Status::HTTP_OK, body, head);
  }
};

class HelloFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new HelloHandler;
  }
};

int parsePort(const char* text) {
  char* end = nullptr;
  const long port = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || port < 0 || port > 65535) return -1;
  return static_cast<int>(port);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || parsePort(argv[1]) < 0) {
    std::cerr << "usage: poco_hello_baseline PORT   (0 = any free port)\n";
    return 2;
  }
  const int port = parsePort(argv[1]);

  // Block the termination signals before any thread exists so only main's sigwait sees them;
  // a client hanging up must not kill the process (SIGPIPE). Same as the host's main.cpp.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    Poco::Net::ServerSocket socket(
        Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), kMaxQueued);

    auto* params = new Poco::Net::HTTPServerParams;  // owned by the server (ref-counted)
    params->setMaxThreads(kThreads);
    params->setMaxQueued(kMaxQueued);
    params->setThreadIdleTime(Poco::Timespan(kThreadIdleSeconds, 0));
    params->setKeepAlive(kKeepAlive);
    params->setKeepAliveTimeout(
        Poco::Timespan(Poco::Timespan::TimeDiff(kKeepAliveTimeoutMs) * 1000));
    params->setMaxKeepAliveRequests(kMaxKeepAliveRequests);
    params->setTimeout(Poco::Timespan(Poco::Timespan::TimeDiff(kTimeoutMs) * 1000));
    params->setServerName("apiary");
    params->setSoftwareVersion("");

    // A dedicated pool, as each host listener has: ThreadPool(2, threads, idle 60 s).
    Poco::ThreadPool pool(2, kThreads, kThreadIdleSeconds);
    Poco::Net::HTTPServer server(new HelloFactory, pool, socket, params);
    server.start();

    std::cout << socket.address().port() << std::endl;  // first line: the bound port

    int sig = 0;
    while (sigwait(&signals, &sig) != 0) {
    }
    server.stop();
    server.stopAll(false);
    pool.joinAll();
  } catch (const Poco::Exception& e) {
    std::cerr << "poco_hello_baseline: " << e.displayText() << "\n";
    return 1;
  }
  return 0;
}
