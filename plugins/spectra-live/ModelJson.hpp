// JSON conversions shared by the match model (MatchModel, TeamModel, PlayerModel): numbers as
// JavaScript's JSON.stringify writes them (the model keeps upstream's JS numbers as doubles: an
// integral value prints without ".0", NaN and Infinity print null, as a kills/deaths ratio with
// no deaths does upstream), and tolerant reads of a stored model state (a missing or mistyped field
// keeps its default, so a state written by an older version still loads).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace spectra_live {

class ModelJson {
 public:
  using Json = nlohmann::ordered_json;

  // JSON.stringify(number): null for NaN/Infinity, an integer when integral (within 2^53).
  static Json number(double value);
  // A field of an event's data: the number, or nullopt when missing or not a number.
  static std::optional<double> numberAt(const Json& object, const char* key);
  static std::optional<bool> boolAt(const Json& object, const char* key);
  static std::optional<std::string> stringAt(const Json& object, const char* key);

  // Reads of a stored state (restore after a restart): the stored value, or `fallback`.
  static double readNumber(const Json& object, const char* key, double fallback);
  static bool readBool(const Json& object, const char* key, bool fallback);
  static std::string readString(const Json& object, const char* key, const std::string& fallback);
  static std::optional<std::string> readOptionalString(const Json& object, const char* key);
};

}  // namespace spectra_live
