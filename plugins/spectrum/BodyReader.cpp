#include "BodyReader.hpp"

#include <apiary/json_depth.hpp>

namespace spectrum {

BodyReader BodyReader::parse(std::string_view body) {
  Json root;
  if (!apiary::jsonDepthWithin(body))
    throw Envelope::validation("Request body nests deeper than " +
                               std::to_string(apiary::kMaxJsonDepth) + " levels");
  try {
    root = Json::parse(body);  // strict: also refuses invalid UTF-8 and trailing garbage
  } catch (const Json::exception&) {
    throw Envelope::validation("Request body must be a JSON object");
  }
  if (!root.is_object()) throw Envelope::validation("Request body must be a JSON object");
  return BodyReader(std::move(root));
}

std::string BodyReader::requiredString(const std::string& key, size_t maxBytes) const {
  const auto it = root_.find(key);
  if (it == root_.end() || it->is_null()) throw Envelope::validation(key + " is required");
  if (!it->is_string()) throw Envelope::validation(key + " must be a string");
  std::string value = it->get<std::string>();
  if (value.empty()) throw Envelope::validation(key + " must not be empty");
  if (value.size() > maxBytes)
    throw Envelope::validation(key + " must be at most " + std::to_string(maxBytes) + " bytes");
  return value;
}

std::optional<std::string> BodyReader::optionalString(const std::string& key,
                                                      size_t maxBytes) const {
  const auto it = root_.find(key);
  if (it == root_.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw Envelope::validation(key + " must be a string or null");
  std::string value = it->get<std::string>();
  if (value.size() > maxBytes)
    throw Envelope::validation(key + " must be at most " + std::to_string(maxBytes) + " bytes");
  return value;
}

bool BodyReader::requiredBool(const std::string& key) const {
  const auto it = root_.find(key);
  if (it == root_.end() || it->is_null()) throw Envelope::validation(key + " is required");
  if (!it->is_boolean()) throw Envelope::validation(key + " must be a boolean");
  return it->get<bool>();
}

Json BodyReader::optionalObject(const std::string& key, size_t maxBytes) const {
  const auto it = root_.find(key);
  if (it == root_.end() || it->is_null()) return Json::object();
  if (!it->is_object()) throw Envelope::validation(key + " must be an object");
  if (it->dump().size() > maxBytes)
    throw Envelope::validation(key + " must be at most " + std::to_string(maxBytes) + " bytes");
  return *it;
}

}  // namespace spectrum
