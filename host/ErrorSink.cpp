#include "ErrorSink.h"

namespace apiary {

std::string ErrorSink::describe(const std::string& pathPrefix, const std::string& fallback) const {
  if (entries_.empty()) return fallback;
  std::string text;
  for (const auto& e : entries_) {
    if (!text.empty()) text += "; ";
    if (!e.path.empty() || !pathPrefix.empty()) text += "at " + pathPrefix + e.path + ": ";
    text += e.message;
  }
  return text;
}

}  // namespace apiary
