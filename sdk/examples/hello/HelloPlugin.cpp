#include "HelloPlugin.hpp"

namespace {
constexpr size_t kMaxNameLength = 64;

apiary::Response visitsBody(const std::string& name, int64_t count) {
  return apiary::Response::json(200,
                                nlohmann::ordered_json{{"name", name}, {"visits", count}}.dump());
}
}  // namespace

void HelloPlugin::configure(const apiary::ConfigReader& config) {
  greeting_ = config.string("greeting", greeting_);
  if (greeting_.empty()) config.fail("greeting", "must not be empty");
  sweepIntervalMs_ = config.integer("sweep_interval_ms", sweepIntervalMs_, 10, 86400000);
  forgetAfterMs_ = config.integer("forget_after_ms", forgetAfterMs_, 1, int64_t{365} * 86400000);
  cors_ = config.boolean("cors", cors_);
}

std::vector<apiary::Migration> HelloPlugin::migrations() const {
  return {{1,
           "visit counter",
           {"CREATE TABLE hello_visits (name TEXT PRIMARY KEY, visits INTEGER NOT NULL, "
            "last_seen_ms INTEGER NOT NULL)"}}};
}

void HelloPlugin::routes(apiary::Router& router) {
  greetings_ = counter("hello_greetings_total", "Greetings answered.");
  // Browsers from any origin may call it (the host answers preflights and adds the headers).
  if (cors_) router.cors(apiary::CorsPolicy{});
  // Handlers run on many threads at once; they only read members set before serving, and the
  // database does its own locking.
  router.get(
      "/hello/{name}", [this](const apiary::Request& r) { return greet(r); }, "Greets {name}");
  // Declared schemas appear in the generated OpenAPI document (/openapi.json).
  const std::string visitsSchema =
      R"({"type": "object", "required": ["name", "visits"], "properties": {"name": {"type": "string"}, "visits": {"type": "integer", "minimum": 1}}})";
  router.route(
      "GET", "/hello/{name}/visits", [this](const apiary::Request& r) { return visits(r); },
      apiary::RouteDoc{"How often {name} visited", "", visitsSchema});
  router.route(
      "POST", "/hello/{name}/visits", [this](const apiary::Request& r) { return visit(r); },
      apiary::RouteDoc{"Counts a visit of {name}", "", visitsSchema});
}

void HelloPlugin::start() {
  timers().every(std::chrono::milliseconds(sweepIntervalMs_), [this] { forgetOldVisitors(); });
}

std::string HelloPlugin::validName(const apiary::Request& request) const {
  const std::string_view name = request.param("name").value_or("");
  if (name.size() > kMaxNameLength)
    throw apiary::HttpError(400, "name must be at most 64 characters");
  return std::string(name);
}

apiary::Response HelloPlugin::greet(const apiary::Request& request) const {
  // This route is what bench/run measures against a raw Poco server that writes the same body
  // by hand: building a json object (a std::map) to dump one field cost 5k instructions a
  // request, more than the host's routing; quoting the one string through nlohmann is enough.
  std::string body = R"({"message":)";
  body += nlohmann::json(greeting_ + ", " + validName(request) + "!").dump();
  body += '}';
  greetings_.add();
  return apiary::Response::json(200, std::move(body));
}

apiary::Response HelloPlugin::visits(const apiary::Request& request) const {
  const std::string name = validName(request);
  const auto rows = database().execute("SELECT visits FROM hello_visits WHERE name = ?", {name});
  if (rows.empty()) throw apiary::HttpError(404, "no visits of " + name);
  return visitsBody(name, rows[0].int64(0));
}

apiary::Response HelloPlugin::visit(const apiary::Request& request) const {
  const std::string name = validName(request);
  const int64_t now = clock().wallMs();
  try {
    const int64_t count = database().transaction([&](apiary::Transaction& tx) {
      return tx
          .execute(
              "INSERT INTO hello_visits (name, visits, last_seen_ms) VALUES (?, 1, ?) "
              "ON CONFLICT (name) DO UPDATE SET visits = visits + 1, last_seen_ms = "
              "excluded.last_seen_ms "
              "RETURNING visits",
              {name, now})[0]
          .int64(0);
    });
    return visitsBody(name, count);
  } catch (const apiary::DbError& e) {
    if (e.isBusy() || e.isUnavailable()) throw apiary::HttpError(503, "storage unavailable");
    throw;
  }
}

void HelloPlugin::forgetOldVisitors() const {
  const auto gone = database().execute("DELETE FROM hello_visits WHERE last_seen_ms < ?",
                                       {clock().wallMs() - forgetAfterMs_});
  if (gone.affectedRows() > 0)
    log().info("forgot " + std::to_string(gone.affectedRows()) + " visitor(s)");
}

APIARY_PLUGIN(HelloPlugin)
