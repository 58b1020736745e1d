// Emits a Spectrum event for a project: one signed delivery per active webhook, queued in the
// spectrum_deliveries table and sent by the spectrum instance's WebhookDelivery workers (with
// retries), never on the caller's thread.
//
// Other plugins can emit events too: compile EventEmitter.cpp and RandomIds.cpp (and link
// OpenSSL::Crypto) into the plugin, mount it on the same "database" as the spectrum instance
// (whose migrations create the tables), and call
//
//   spectrum::EventEmitter events(database(), clock());
//   events.emit(projectId, "messages", {{"space", space}, {"message", message}});
//
// The delivered body is {"event": <event>, ...payload's fields}, e.g.
// {"event":"messages","space":{...},"message":{...}} as Photon documents. Thread-safe.
#pragma once

#include <apiary/clock.hpp>
#include <apiary/database.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spectrum {

class EventEmitter {
 public:
  EventEmitter(apiary::Database db, apiary::Clock clock) : db_(db), clock_(clock) {}

  // Queues the event for every active webhook of the project; returns the delivery ids (empty
  // when the project has no webhook). payload must be a JSON object; its "event" key, if any,
  // is replaced by event.
  std::vector<std::string> emit(std::string_view projectId, std::string_view event,
                                const nlohmann::ordered_json& payload) const;
  // Queues the event for one active webhook of the project; nullopt when there is none.
  std::optional<std::string> emitTo(std::string_view projectId, std::string_view webhookId,
                                    std::string_view event,
                                    const nlohmann::ordered_json& payload) const;

  static std::string body(std::string_view event, const nlohmann::ordered_json& payload);

 private:
  apiary::Database db_;
  apiary::Clock clock_;
};

}  // namespace spectrum
