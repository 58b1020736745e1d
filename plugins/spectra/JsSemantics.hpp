// The few JavaScript behaviours that upstream Spectra-Server's wire format depends on: truthiness,
// String.prototype.length (UTF-16 code units), the TypeError texts of property reads that its
// try/catch returns as "details", and the number and key order JSON.parse/JSON.stringify give.
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace spectra {

using Json = nlohmann::ordered_json;

// A JavaScript TypeError as upstream's handler would catch it; what() is the V8 message.
class JsTypeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class JsSemantics {
 public:
  // `!value` is false: not null, false, 0, -0 or "".
  static bool truthy(const Json& value);
  // "abc".length: UTF-16 code units of a UTF-8 string (astral characters count 2).
  static size_t utf16Length(std::string_view utf8);
  // What `base.property` does: throws V8's "Cannot read properties of undefined|null (reading
  // 'property')" for a missing (nullptr) or null base; otherwise returns the own property, or
  // nullptr when there is none (primitives and arrays have none of the names upstream reads).
  static const Json* read(const Json* base, const std::string& property);
  // Rewrites a parsed document so that it serializes as JSON.stringify(JSON.parse(text)) does:
  // integral doubles become integers ("1.0" prints 1), -0 prints 0, and in every object the
  // array-index keys ("0", "7") come first in ascending order, as V8 enumerates them.
  static void normalize(Json& value);
  // Object key order as V8 enumerates it (see normalize), for one object, not recursive.
  static void orderKeys(Json& object);
  // How V8 names a primitive's type in "Cannot create property 'x' on <type> '<value>'".
  static std::string describePrimitive(const Json& value);
};

}  // namespace spectra
