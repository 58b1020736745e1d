#include "PythonSemantics.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace spellbot {
namespace {

bool isSpace(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Decodes one UTF-8 sequence at text[i]; returns the code point (or the byte on bad input).
uint32_t decodeUtf8(std::string_view text, size_t& i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  size_t extra = 0;
  uint32_t cp = c;
  if (c >= 0xF0 && c <= 0xF4) {
    extra = 3;
    cp = c & 0x07;
  } else if (c >= 0xE0 && c < 0xF0) {
    extra = 2;
    cp = c & 0x0F;
  } else if (c >= 0xC2 && c < 0xE0) {
    extra = 1;
    cp = c & 0x1F;
  }
  if (extra == 0 || i + extra >= text.size()) {
    ++i;
    return c;
  }
  for (size_t k = 1; k <= extra; ++k) {
    const unsigned char cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return c;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += extra + 1;
  return cp;
}

}  // namespace

PyInt PythonSemantics::intOf(std::string_view text) {
  PyInt out;
  std::string_view s = text;
  while (!s.empty() && isSpace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && isSpace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  bool valid = !s.empty() && s.front() != '_' && s.back() != '_';
  uint64_t magnitude = 0;
  bool overflow = false;
  char previous = 0;
  for (char c : s) {
    if (!valid) break;
    if (c == '_') {
      valid = previous != '_';
    } else if (c >= '0' && c <= '9') {
      const auto digit = static_cast<uint64_t>(c - '0');
      if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10)
        overflow = true;
      else
        magnitude = magnitude * 10 + digit;
    } else {
      valid = false;
    }
    previous = c;
  }
  if (!valid) {
    out.error = "invalid literal for int() with base 10: " + repr(text);
    return out;
  }
  out.ok = true;
  const uint64_t limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) +
                         (negative ? 1u : 0u);
  if (overflow || magnitude > limit) return out;
  out.fits = true;
  out.value = negative ? static_cast<int64_t>(0u - magnitude) : static_cast<int64_t>(magnitude);
  return out;
}

PyInt PythonSemantics::intOf(const nlohmann::ordered_json& value) {
  PyInt out;
  if (value.is_boolean()) {
    out.ok = out.fits = true;
    out.value = value.get<bool>() ? 1 : 0;
  } else if (value.is_number_unsigned()) {
    const uint64_t v = value.get<uint64_t>();
    out.ok = true;
    out.fits = v <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    out.value = out.fits ? static_cast<int64_t>(v) : 0;
  } else if (value.is_number_integer()) {
    out.ok = out.fits = true;
    out.value = value.get<int64_t>();
  } else if (value.is_number_float()) {
    const double d = std::trunc(value.get<double>());
    out.ok = std::isfinite(d);
    if (!out.ok) {
      out.error = std::isnan(d) ? "cannot convert float NaN to integer"
                                : "cannot convert float infinity to integer";
      return out;
    }
    out.fits = d >= -9223372036854775808.0 && d < 9223372036854775808.0;
    out.value = out.fits ? static_cast<int64_t>(d) : 0;
  } else if (value.is_string()) {
    return intOf(std::string_view(value.get_ref<const std::string&>()));
  } else {
    out.error = "int() argument must be a string, a bytes-like object or a real number, not '" +
                typeName(value) + "'";
  }
  return out;
}

std::string PythonSemantics::typeName(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "NoneType";
  if (value.is_boolean()) return "bool";
  if (value.is_number_float()) return "float";
  if (value.is_number()) return "int";
  if (value.is_string()) return "str";
  if (value.is_array()) return "list";
  return "dict";
}

std::string PythonSemantics::repr(std::string_view text) {
  const bool hasSingle = text.find('\'') != std::string_view::npos;
  const bool hasDouble = text.find('"') != std::string_view::npos;
  const char quote = hasSingle && !hasDouble ? '"' : '\'';
  std::string out(1, quote);
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const uint32_t cp = decodeUtf8(text, i);
    char buf[12];
    if (cp == static_cast<uint32_t>(quote) || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      std::snprintf(buf, sizeof buf, "\\x%02x", cp);
      out += buf;
    } else if (i - start == 1 && static_cast<unsigned char>(text[start]) >= 0x80) {
      // Not valid UTF-8: Python would not have decoded it; show the byte.
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[start]));
      out += buf;
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  out += quote;
  return out;
}

std::string PythonSemantics::floatRepr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::string s = nlohmann::ordered_json(value).dump();
  return s;
}

std::string PythonSemantics::str(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "None";
  if (value.is_boolean()) return value.get<bool>() ? "True" : "False";
  if (value.is_number_float()) return floatRepr(value.get<double>());
  if (value.is_number()) return value.dump();
  if (value.is_string()) return value.get<std::string>();
  std::string out;
  if (value.is_array()) {
    out = "[";
    bool first = true;
    for (const auto& item : value) {
      if (!first) out += ", ";
      first = false;
      out += item.is_string() ? repr(item.get_ref<const std::string&>()) : str(item);
    }
    return out + "]";
  }
  out = "{";
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!first) out += ", ";
    first = false;
    out += repr(it.key()) + ": ";
    out += it->is_string() ? repr(it->get_ref<const std::string&>()) : str(*it);
  }
  return out + "}";
}

bool PythonSemantics::truthy(const nlohmann::ordered_json& value) {
  if (value.is_null()) return false;
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_float()) return value.get<double>() != 0.0;
  if (value.is_number_unsigned()) return value.get<uint64_t>() != 0;
  if (value.is_number_integer()) return value.get<int64_t>() != 0;
  if (value.is_string()) return !value.get_ref<const std::string&>().empty();
  return !value.empty();  // list, dict
}

std::string PythonSemantics::dumps(const nlohmann::ordered_json& value) {
  std::string out;
  dumpTo(value, out);
  return out;
}

void PythonSemantics::dumpString(std::string_view text, std::string& out) {
  out += '"';
  char buf[16];
  for (size_t i = 0; i < text.size();) {
    const uint32_t cp = decodeUtf8(text, i);
    switch (cp) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      default: break;
    }
    if (cp >= 0x20 && cp < 0x7F) {
      out += static_cast<char>(cp);
    } else if (cp < 0x10000) {
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);
      out += buf;
    } else {
      const uint32_t v = cp - 0x10000;
      std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
      out += buf;
    }
  }
  out += '"';
}

void PythonSemantics::dumpTo(const nlohmann::ordered_json& value, std::string& out) {
  if (value.is_null()) {
    out += "null";
  } else if (value.is_boolean()) {
    out += value.get<bool>() ? "true" : "false";
  } else if (value.is_number_float()) {
    const double d = value.get<double>();
    out += std::isnan(d) ? "NaN" : std::isinf(d) ? (d > 0 ? "Infinity" : "-Infinity") : value.dump();
  } else if (value.is_number()) {
    out += value.dump();
  } else if (value.is_string()) {
    dumpString(value.get_ref<const std::string&>(), out);
  } else if (value.is_array()) {
    out += '[';
    bool first = true;
    for (const auto& item : value) {
      if (!first) out += ", ";
      first = false;
      dumpTo(item, out);
    }
    out += ']';
  } else {
    out += '{';
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!first) out += ", ";
      first = false;
      dumpString(it.key(), out);
      out += ": ";
      dumpTo(*it, out);
    }
    out += '}';
  }
}

std::string PythonSemantics::jsonErrorText(std::string_view body, size_t bytePosition) {
  // nlohmann reports the byte after the offending token; json.loads names the token's start.
  size_t pos = bytePosition > 0 ? bytePosition - 1 : 0;
  if (pos > body.size()) pos = body.size();
  const auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '+' || c == '.';
  };
  while (pos > 0 && pos <= body.size() && word(body[pos - 1])) --pos;
  size_t line = 1, column = 1;
  for (size_t i = 0; i < pos; ++i) {
    if (body[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "Expecting value: line " + std::to_string(line) + " column " + std::to_string(column) +
         " (char " + std::to_string(pos) + ")";
}

}  // namespace spellbot
