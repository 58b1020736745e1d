#include "JsSemantics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace spectra {
namespace {

// V8 lists integer-like keys ("array indices": canonical decimal below 2^32 - 1) first.
bool isArrayIndex(const std::string& key, uint64_t& index) {
  if (key.empty() || key.size() > 10) return false;
  if (key.size() > 1 && key[0] == '0') return false;
  uint64_t value = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value >= 4294967295ULL) return false;
  index = value;
  return true;
}

}  // namespace

bool JsSemantics::truthy(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return false;
    case Json::value_t::boolean: return value.get<bool>();
    case Json::value_t::number_integer: return value.get<int64_t>() != 0;
    case Json::value_t::number_unsigned: return value.get<uint64_t>() != 0;
    case Json::value_t::number_float: {
      const double d = value.get<double>();
      return d != 0.0 && !std::isnan(d);
    }
    case Json::value_t::string: return !value.get_ref<const std::string&>().empty();
    default: return true;  // objects and arrays, even empty ones
  }
}

size_t JsSemantics::utf16Length(std::string_view utf8) {
  size_t units = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    units += (c >= 0xF0 && c <= 0xF4) ? 2 : 1;
  }
  return units;
}

const Json* JsSemantics::read(const Json* base, const std::string& property) {
  if (base == nullptr)
    throw JsTypeError("Cannot read properties of undefined (reading '" + property + "')");
  if (base->is_null())
    throw JsTypeError("Cannot read properties of null (reading '" + property + "')");
  if (!base->is_object()) return nullptr;
  const auto it = base->find(property);
  return it == base->end() ? nullptr : &*it;
}

void JsSemantics::orderKeys(Json& object) {
  if (!object.is_object()) return;
  std::vector<std::pair<uint64_t, std::string>> indices;
  bool any = false;
  for (auto it = object.begin(); it != object.end(); ++it) {
    uint64_t index = 0;
    if (isArrayIndex(it.key(), index)) {
      indices.emplace_back(index, it.key());
      any = true;
    }
  }
  if (!any) return;
  std::stable_sort(indices.begin(), indices.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Json ordered = Json::object();
  for (const auto& [index, key] : indices) ordered[key] = std::move(object[key]);
  for (auto it = object.begin(); it != object.end(); ++it) {
    uint64_t index = 0;
    if (!isArrayIndex(it.key(), index)) ordered[it.key()] = std::move(it.value());
  }
  object = std::move(ordered);
}

void JsSemantics::normalize(Json& value) {
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (d == 0.0) {
      value = 0;  // also -0
    } else if (std::isfinite(d) && d == std::trunc(d)) {
      if (std::fabs(d) < 9.0e18)
        value = static_cast<int64_t>(d);
      else if (d > 0 && d < 1.8e19)
        value = static_cast<uint64_t>(d);
    }
    return;
  }
  if (value.is_array()) {
    for (auto& element : value) normalize(element);
    return;
  }
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) normalize(*it);
    orderKeys(value);
  }
}

std::string JsSemantics::describePrimitive(const Json& value) {
  if (value.is_string()) return "string '" + value.get<std::string>() + "'";
  if (value.is_boolean())
    return std::string("boolean '") + (value.get<bool>() ? "true" : "false") + "'";
  if (value.is_number()) return "number '" + value.dump() + "'";
  return "object";
}

}  // namespace spectra
