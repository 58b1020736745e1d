#include "ModelJson.hpp"

#include <cmath>
#include <limits>

namespace spectra_live {

ModelJson::Json ModelJson::number(double value) {
  if (!std::isfinite(value)) return nullptr;
  constexpr double kSafe = 9007199254740992.0;  // 2^53
  if (std::floor(value) == value && std::fabs(value) <= kSafe) {
    if (value == 0) return 0;  // -0 prints 0
    return static_cast<int64_t>(value);
  }
  return value;
}

std::optional<double> ModelJson::numberAt(const Json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<bool> ModelJson::boolAt(const Json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

std::optional<std::string> ModelJson::stringAt(const Json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

double ModelJson::readNumber(const Json& object, const char* key, double fallback) {
  if (!object.is_object()) return fallback;
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (it->is_null()) return std::numeric_limits<double>::quiet_NaN();  // a stored NaN/Infinity
  return it->is_number() ? it->get<double>() : fallback;
}

bool ModelJson::readBool(const Json& object, const char* key, bool fallback) {
  return boolAt(object, key).value_or(fallback);
}

std::string ModelJson::readString(const Json& object, const char* key,
                                  const std::string& fallback) {
  return stringAt(object, key).value_or(fallback);
}

std::optional<std::string> ModelJson::readOptionalString(const Json& object, const char* key) {
  return stringAt(object, key);
}

}  // namespace spectra_live
