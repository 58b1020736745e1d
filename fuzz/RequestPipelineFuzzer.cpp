// The request path of the daemon up to a handler: fuzzed raw bytes on a real loopback TCP
// connection, read by Poco's HTTPServerConnection (request line, headers, chunked or sized body,
// keep-alive) and handed to the host's RequestPipeline (limits, request id, CORS, route match,
// body reading, error envelopes) for a route table of two mounts whose handlers use the host
// API (path parameters, query, headers, body). The connection runs on this thread: the whole
// input is sent and half-closed first, so the server never waits. Checked: no crash, no sanitizer
// report, and no 5xx response (nothing here depends on anything outside).
#include <HostApi.h>
#include <ListenerContext.h>
#include <Mount.h>
#include <PluginInstance.h>
#include <PluginLibrary.h>
#include <RequestPipelineFactory.h>
#include <RouteTable.h>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

namespace {

const apiary_host_api& api() {
  return *apiary::HostApi::table();
}

apiary_str str(std::string_view s) {
  return apiary_str{s.data(), s.size()};
}

void reply(apiary_response* resp, int status, std::string_view body) {
  api().response_set_status(resp, status);
  api().response_set_header(resp, str("Content-Type"), str("application/json"));
  api().response_write(resp, body.data(), body.size());
}

// GET /items/{id}: everything a handler reads from a request.
int32_t getItem(void*, const apiary_request* req, apiary_response* resp) {
  apiary_str id{}, q{};
  if (api().request_param(req, str("id"), &id) == 0) return APIARY_FAILED;  // 1: found
  const bool hasQ = api().request_query(req, str("q"), &q) != 0;
  size_t headerBytes = 0;
  for (size_t i = 0; i < api().request_header_count(req); ++i) {
    apiary_str name{}, value{};
    if (api().request_header_at(req, i, &name, &value) != 0) headerBytes += name.size + value.size;
  }
  const nlohmann::json body{{"id", std::string(id.data, id.size)},
                            {"q", hasQ ? std::string(q.data, q.size) : ""},
                            {"headerBytes", headerBytes}};
  reply(resp, 200, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return APIARY_OK;
}

// POST /items: a JSON body, 400 when it is not an object.
int32_t postItem(void*, const apiary_request* req, apiary_response* resp) {
  const apiary_str raw = api().request_body(req);
  const auto doc = nlohmann::json::parse(raw.data, raw.data + raw.size, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    reply(resp, 400, R"({"error":"body must be a JSON object"})");
    return APIARY_OK;
  }
  reply(resp, 201, R"({"created":true})");
  return APIARY_OK;
}

const apiary_plugin_descriptor kDescriptor = [] {
  apiary_plugin_descriptor d{};
  d.struct_size = sizeof d;
  d.magic = APIARY_ABI_MAGIC;
  d.abi_major = APIARY_ABI_MAJOR;
  d.abi_minor = APIARY_ABI_MINOR;
  d.kind = APIARY_KIND_ROUTES;
  d.name = "fuzz";
  d.version = "0.0.0";
  return d;
}();

struct Server {
  std::vector<std::unique_ptr<apiary::PluginInstance>> owners;
  std::unique_ptr<apiary::ListenerContext> listener;
  Poco::Net::ServerSocket socket{Poco::Net::SocketAddress("127.0.0.1", 0)};
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory;

  std::shared_ptr<apiary::Mount> mount(const std::string& prefix, uint32_t flags, int64_t maxBody) {
    apiary::PluginEntryConfig config;
    config.name = "fuzz" + std::to_string(owners.size());
    config.listener = "main";
    config.prefix = prefix;
    owners.push_back(std::make_unique<apiary::PluginInstance>(
        std::make_shared<apiary::PluginLibrary>("/nonexistent/libfuzz.so", &kDescriptor), config));
    auto m = std::make_shared<apiary::Mount>(owners.back().get(), "main", prefix, maxBody);
    m->setFlags(flags);
    auto add = [&](const char* method, const char* pattern, apiary_handler_fn fn) {
      apiary_route_def def{};
      def.struct_size = sizeof def;
      def.method = str(method);
      def.pattern = str(pattern);
      def.summary = str("");
      def.handler = fn;
      std::string error;
      if (!m->addRoute(def, &error)) std::abort();
    };
    add("GET", "/items/{id}", &getItem);
    add("POST", "/items", &postItem);
    std::string error;
    if (!m->freeze(&error)) std::abort();
    return m;
  }

  Server() {
    apiary::ListenerConfig config;
    config.name = "main";
    config.insecure = true;
    config.limits.maxHeaderBytes = 2048;  // small, so that 431 is reachable
    config.limits.maxBodyBytes = 4096;
    listener = std::make_unique<apiary::ListenerContext>(config, false);
    auto table = std::make_shared<apiary::RouteTable>();
    table->add(mount("", 0, -1));
    auto cors =
        mount("/cors", APIARY_ROUTER_CASE_INSENSITIVE | APIARY_ROUTER_OPTIONAL_TRAILING_SLASH, 64);
    cors->setCors(apiary::CorsSettings{"*", "GET, POST", "", 204, 600});
    cors->addDefaultHeader("X-Content-Type-Options", "nosniff");
    table->add(cors);
    listener->setRoutes(table);
    factory = new apiary::RequestPipelineFactory(*listener);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(16);  // bounds what the responses can fill on the socket
    params->setKeepAliveTimeout(Poco::Timespan(1, 0));
    params->setTimeout(Poco::Timespan(1, 0));
  }
};

[[noreturn]] void finding(const std::string& what, std::string_view input) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n  input: %.*s\n", what.c_str(),
               static_cast<int>(input.size()), input.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Server server;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (size > 32768) return 0;  // the socket buffers hold this much without a reader

  Poco::Net::StreamSocket client;
  client.connect(server.socket.address());
  Poco::Net::StreamSocket accepted = server.socket.acceptConnection();
  for (size_t sent = 0; sent < size;)
    sent += static_cast<size_t>(client.sendBytes(data + sent, static_cast<int>(size - sent)));
  client.shutdownSend();

  // Poco closes the socket when the session ends; a reset instead of a FIN leaves no TIME_WAIT
  // behind per input (the responses are already in client's receive buffer by then).
  accepted.setLinger(true, 0);
  Poco::Net::HTTPServerConnection connection(accepted, server.params, server.factory);
  try {
    connection.run();  // the whole session, on this thread; it ends at the half-close
  } catch (const Poco::Exception&) {
    // Poco rethrows what a handler threw after answering 500 (checked below); in the daemon
    // the dispatcher logs it and drops the connection.
  } catch (const std::exception& e) {
    finding(std::string("the pipeline threw ") + e.what(), input);
  }

  // Loopback delivers synchronously: every response byte is in client's buffer by now.
  std::string responses;
  client.setBlocking(false);
  char buffer[8192];
  try {
    for (int n; (n = client.receiveBytes(buffer, sizeof buffer)) > 0;)
      responses.append(buffer, static_cast<size_t>(n));
  } catch (const Poco::TimeoutException&) {  // EAGAIN: all read
  } catch (const Poco::Net::NetException&) {
  }
  client.close();
  if (std::getenv("FUZZ_SHOW_RESPONSES") != nullptr)
    std::fprintf(stderr, "%s\n", responses.c_str());

  // The responses one after another: status line, headers, Content-Length bytes of body.
  for (size_t at = 0; at + 12 <= responses.size();) {
    if (responses.compare(at, 7, "HTTP/1.") != 0) {  // HEAD: a Content-Length, no body
      at = responses.find("HTTP/1.", at);
      if (at == std::string::npos || at + 12 > responses.size()) break;
    }
    if (responses[at + 9] == '5') finding("5xx response:\n" + responses, input);
    const size_t end = responses.find("\r\n\r\n", at);
    if (end == std::string::npos) break;
    const std::string head = responses.substr(at, end - at);
    const size_t length = head.find("Content-Length: ");
    at = end + 4 + (length == std::string::npos ? 0 : std::stoul(head.substr(length + 16)));
  }
  return 0;
}
