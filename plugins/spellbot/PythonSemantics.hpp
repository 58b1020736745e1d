// Python's int(), repr(), str() and json.dumps as SpellBot (Python, aiohttp) applies them to
// request data, so that conversions, error texts and response bytes match upstream.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spellbot {

// The outcome of int(value): ok with the value, or the TypeError/ValueError text. A valid
// integer outside int64 (Python ints are unbounded) is ok but !fits: it can match no row.
struct PyInt {
  bool ok = false;
  bool fits = false;
  int64_t value = 0;
  std::string error;
};

class PythonSemantics {
 public:
  // int(s) for a str: surrounding whitespace, a sign, '_' between digits.
  static PyInt intOf(std::string_view text);
  // int(v) for a json.loads value: int, float (truncated), bool, numeric str.
  static PyInt intOf(const nlohmann::ordered_json& value);
  // repr(str): quotes chosen like Python, escapes for control characters.
  static std::string repr(std::string_view text);
  // str(v) for a json.loads value (f-string formatting): 'None', 'True', "{'a': 1}".
  static std::string str(const nlohmann::ordered_json& value);
  // Python truthiness of a json.loads value.
  static bool truthy(const nlohmann::ordered_json& value);
  // json.dumps(v) with default arguments: ", " and ": " separators, ensure_ascii.
  static std::string dumps(const nlohmann::ordered_json& value);
  // The type name Python reports for a json.loads value ('NoneType', 'list', ...).
  static std::string typeName(const nlohmann::ordered_json& value);
  // json.loads' error text for a body nlohmann could not parse (position-based).
  static std::string jsonErrorText(std::string_view body, size_t bytePosition);

 private:
  static void dumpTo(const nlohmann::ordered_json& value, std::string& out);
  static void dumpString(std::string_view text, std::string& out);
  static std::string floatRepr(double value);
};

}  // namespace spellbot
