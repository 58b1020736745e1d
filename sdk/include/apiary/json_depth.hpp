// A bound on how deeply JSON text nests arrays and objects, checked before parsing it.
//
// nlohmann::json parses any depth without recursion, but copying, comparing, dump() and the
// plugins' own tree walks recurse once per level: 100 KB of '[' would exhaust a worker's stack
// and take the whole daemon down. Every parser of untrusted JSON (request bodies, socket.io
// packets, answers of outside services) checks this first and answers its malformed-JSON error.
#pragma once

#include <cstddef>
#include <string_view>

namespace apiary {

// Deeper than any document the served APIs define (they nest at most a handful of levels) and
// far below what a worker thread's stack survives.
inline constexpr size_t kMaxJsonDepth = 128;

// True if no array or object in `text` nests deeper than `maxDepth`. Brackets inside strings do
// not count. The text need not be valid JSON: the parser still decides that.
inline bool jsonDepthWithin(std::string_view text, size_t maxDepth = kMaxJsonDepth) {
  size_t depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;  // the escaped character cannot end the string
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > maxDepth) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

}  // namespace apiary
