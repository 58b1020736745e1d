// Route patterns ("/preview/{previewCode}") and path splitting, shared by the host's route table
// and the SDK's fake host so that both match exactly alike.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace apiary {

using PathParams = std::vector<std::pair<std::string, std::string>>;

class RoutePattern {
 public:
  struct Segment {
    std::string text;  // literal text, or the parameter's name
    bool isParam = false;
  };

  // Parses a pattern. Segments are literals or a whole-segment {name} (letters, digits, '_').
  // A trailing '/' is kept as an empty last segment; dropTrailingSlash removes it.
  static std::optional<RoutePattern> parse(std::string_view pattern, bool dropTrailingSlash,
                                           std::string* error) {
    auto fail = [&](const std::string& why) {
      if (error != nullptr) *error = why;
      return std::nullopt;
    };
    if (pattern.empty() || pattern.front() != '/') return fail("pattern must start with '/'");
    RoutePattern result;
    std::vector<std::string> names;
    std::string_view rest = pattern.substr(1);
    if (rest.empty()) return result;
    while (true) {
      const size_t slash = rest.find('/');
      std::string_view seg = rest.substr(0, slash);
      const bool last = slash == std::string_view::npos;
      if (seg.empty() && !last) return fail("empty segment in pattern");
      if (!seg.empty() && seg.front() == '{') {
        if (seg.size() < 3 || seg.back() != '}') return fail("bad parameter segment");
        std::string name(seg.substr(1, seg.size() - 2));
        for (char c : name) {
          const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '_';
          if (!ok) return fail("bad parameter name '" + name + "'");
        }
        for (const auto& n : names)
          if (n == name) return fail("duplicate parameter '" + name + "'");
        names.push_back(name);
        result.segments_.push_back({std::move(name), true});
      } else {
        if (seg.find_first_of("{}") != std::string_view::npos)
          return fail("parameters must span a whole segment");
        if (!(seg.empty() && last && dropTrailingSlash))
          result.segments_.push_back({std::string(seg), false});
      }
      if (last) break;
      rest = rest.substr(slash + 1);
    }
    return result;
  }

  // Matches decoded path segments; on success appends the parameters to params.
  bool match(const std::vector<std::string>& path, bool caseInsensitive, PathParams* params) const {
    if (path.size() != segments_.size()) return false;
    for (size_t i = 0; i < path.size(); ++i) {
      const Segment& s = segments_[i];
      if (s.isParam) {
        if (path[i].empty()) return false;
      } else if (!equals(s.text, path[i], caseInsensitive)) {
        return false;
      }
    }
    if (params != nullptr)
      for (size_t i = 0; i < path.size(); ++i)
        if (segments_[i].isParam) params->emplace_back(segments_[i].text, path[i]);
    return true;
  }

  // True when this pattern should win over other for a path both match: at the first segment
  // where they differ in kind, the literal wins.
  bool moreSpecificThan(const RoutePattern& other) const {
    const size_t n = std::min(segments_.size(), other.segments_.size());
    for (size_t i = 0; i < n; ++i)
      if (segments_[i].isParam != other.segments_[i].isParam) return !segments_[i].isParam;
    return false;
  }

  // A key that is equal for two patterns exactly when they match the same paths.
  std::string shapeKey(bool caseInsensitive) const {
    std::string key;
    for (const auto& s : segments_) {
      key += '/';
      if (s.isParam) {
        key += "{}";
      } else {
        for (char c : s.text) key += caseInsensitive ? lower(c) : c;
      }
    }
    return key.empty() ? "/" : key;
  }

  const std::vector<Segment>& segments() const { return segments_; }

  static char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

  static bool equals(std::string_view a, std::string_view b, bool caseInsensitive) {
    if (a.size() != b.size()) return false;
    if (!caseInsensitive) return a == b;
    for (size_t i = 0; i < a.size(); ++i)
      if (lower(a[i]) != lower(b[i])) return false;
    return true;
  }

 private:
  std::vector<Segment> segments_;
};

// Splits a raw request path ("/a/b%20c/") into percent-decoded segments. A trailing slash gives
// an empty last segment unless dropTrailingSlash. Returns false on a malformed escape or a path
// that does not start with '/'.
inline bool splitPath(std::string_view path, bool dropTrailingSlash, std::vector<std::string>& out) {
  out.clear();
  if (path.empty() || path.front() != '/') return false;
  std::string_view rest = path.substr(1);
  if (rest.empty()) return true;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  while (true) {
    const size_t slash = rest.find('/');
    const std::string_view raw = rest.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    std::string seg;
    seg.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '%') {
        seg += raw[i];
        continue;
      }
      if (i + 2 >= raw.size()) return false;
      const int hi = hex(raw[i + 1]), lo = hex(raw[i + 2]);
      if (hi < 0 || lo < 0) return false;
      seg += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (!(last && seg.empty() && dropTrailingSlash && raw.empty())) out.push_back(std::move(seg));
    if (last) break;
    rest = rest.substr(slash + 1);
  }
  return true;
}

}  // namespace apiary
