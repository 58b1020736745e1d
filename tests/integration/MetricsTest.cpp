// /metrics through the real daemon: the Prometheus text format 0.0.4, parsed strictly line by
// line (and by promtool when it is installed), with the values that the requests made.
#include "HostProcess.h"
#include "HttpClient.h"

#include <apiary/abi.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <set>

namespace apiary::test {
namespace {

using Json = nlohmann::ordered_json;

// Checks every line against the exposition format and returns sample -> value.
std::map<std::string, double> parseStrictly(const std::string& text) {
  static const std::regex help(R"(^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$)");
  static const std::regex type(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$)");
  static const std::regex sample(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\\\|\\"|\\n)*")(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\\\|\\"|\\n)*")*\})? (-?[0-9.e+-]+|\+Inf|NaN)$)");
  std::map<std::string, double> values;
  std::set<std::string> typed;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, help)) continue;
    if (std::regex_match(line, m, type)) {
      EXPECT_TRUE(typed.insert(m[1]).second) << "TYPE twice: " << line;
      continue;
    }
    EXPECT_TRUE(std::regex_match(line, m, sample)) << "not a valid sample line: " << line;
    if (m.empty()) continue;
    const std::string name = m[1];
    bool hasFamily = typed.count(name) > 0;
    for (const char* suffix : {"_bucket", "_sum", "_count"})
      if (name.size() > std::strlen(suffix) &&
          name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
        hasFamily = hasFamily || typed.count(name.substr(0, name.size() - std::strlen(suffix)));
    EXPECT_TRUE(hasFamily) << "sample before its TYPE: " << line;
    const size_t space = line.rfind(' ');
    EXPECT_TRUE(values.emplace(line.substr(0, space), std::stod(line.substr(space + 1))).second)
        << "duplicate series: " << line;
  }
  return values;
}

TEST(Metrics, PrometheusTextWithRequestCountsAndPluginCounters) {
  Json config = HostProcess::baseConfig();
  config["plugins"]["hello"] = {{"listener", "main"}};
  HostProcess host(config);
  ASSERT_TRUE(host.start()) << host.log();
  for (int i = 0; i < 3; ++i) HttpClient::send(host.port("main"), "GET", "/hello/m");
  HttpClient::send(host.port("main"), "GET", "/hello/" + std::string(65, 'x'));  // 400
  HttpClient::send(host.port("main"), "GET", "/no/such/path");                   // unmatched 404
  HttpClient::send(host.port("main"), "GET", "/hello/%22quoted%22\\");           // user data

  const HttpResult r = HttpClient::send(host.port("admin"), "GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const auto v = parseStrictly(r.body);
  const std::string route = R"(listener="main",plugin="hello",route="/hello/{name}",method="GET")";
  EXPECT_EQ(v.at("apiary_http_requests_total{" + route + ",code=\"2xx\"}"), 4);
  EXPECT_EQ(v.at("apiary_http_requests_total{" + route + ",code=\"4xx\"}"), 1);
  EXPECT_EQ(v.at("apiary_http_request_duration_seconds_count{" + route + "}"), 5);
  EXPECT_EQ(v.at("apiary_http_request_duration_seconds_bucket{" + route + ",le=\"+Inf\"}"), 5);
  EXPECT_EQ(
      v.at(
          R"(apiary_http_requests_total{listener="main",plugin="hello",route="unmatched",method="",code="4xx"})"),
      1);
  EXPECT_EQ(v.at(R"(hello_greetings_total{plugin="hello"})"), 4);
  // The hello plugin is built against this tree's SDK, so both carry the current ABI.
  const std::string abi = std::to_string(APIARY_ABI_MAJOR) + "." + std::to_string(APIARY_ABI_MINOR);
  EXPECT_EQ(v.at(R"(apiary_plugin_info{instance="hello",plugin="hello",version="1.1.0",abi=")" +
                 abi + "\"}"),
            1);
  EXPECT_EQ(v.count(R"(apiary_build_info{version="0.1.0",abi=")" + abi + "\"}"), 1u);
  EXPECT_GE(v.at(R"(apiary_server_connections_total{listener="main"})"), 6);
  EXPECT_EQ(v.at(R"(apiary_server_refused_connections_total{listener="main"})"), 0);
  EXPECT_EQ(v.at("apiary_ready"), 1);
  // No request data in any label.
  EXPECT_EQ(r.body.find("quoted"), std::string::npos);
  EXPECT_EQ(r.body.find("/no/such/path"), std::string::npos);

  if (std::system("command -v promtool >/dev/null 2>&1") == 0) {
    const std::string file = host.dir() + "/metrics.txt";
    std::ofstream(file) << r.body;
    EXPECT_EQ(std::system(("promtool check metrics < " + file + " >/dev/null 2>&1").c_str()), 0)
        << r.body;
  }
  EXPECT_EQ(host.stop(), 0);
}

}  // namespace
}  // namespace apiary::test
