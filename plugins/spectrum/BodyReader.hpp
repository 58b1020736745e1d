// Reads a JSON request body field by field. Every problem is a 422 in the envelope with a
// message naming the field; unknown fields are ignored (Photon's schemas do not reject them).
#pragma once

#include "Envelope.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace spectrum {

class BodyReader {
 public:
  // Longest accepted string field, in bytes (names, phone numbers and such are far shorter).
  static constexpr size_t kMaxStringBytes = 256;

  // Throws 422 unless body is a JSON object (empty bodies are refused too).
  static BodyReader parse(std::string_view body);

  bool has(const std::string& key) const { return root_.contains(key); }
  // Present, a string, not empty, at most maxBytes.
  std::string requiredString(const std::string& key, size_t maxBytes = kMaxStringBytes) const;
  // Absent or null: nullopt. Otherwise a string of at most maxBytes.
  std::optional<std::string> optionalString(const std::string& key,
                                            size_t maxBytes = kMaxStringBytes) const;
  bool requiredBool(const std::string& key) const;
  // Absent or null: an empty object. Otherwise a JSON object of at most maxBytes serialized.
  Json optionalObject(const std::string& key, size_t maxBytes) const;

 private:
  explicit BodyReader(Json root) : root_(std::move(root)) {}
  Json root_;
};

}  // namespace spectrum
