// Strict reading of a plugin's config section: typed getters, defaults, range checks, and every
// key the plugin did not read reported as unknown, each error with its JSON pointer path.
//
// Usage inside Plugin::configure(ConfigReader& config):
//   greeting_ = config.string("greeting", "Hello");
//   auto limits = config.object("limits");
//   maxItems_ = limits.integer("max_items", 100, 1, 10000);
// The SDK checks for unknown keys after configure returns.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace apiary {

struct ConfigError {
  std::string path;  // JSON pointer into the plugin's section: "/limits/max_items"
  std::string message;
};

class ConfigReader {
 public:
  // Parses the section's JSON text; a parse error is reported at path "".
  static ConfigReader parse(std::string_view jsonText) {
    auto state = std::make_shared<State>();
    try {
      state->root = jsonText.empty() ? nlohmann::json::object() : nlohmann::json::parse(jsonText);
    } catch (const nlohmann::json::exception& e) {
      state->errors.push_back({"", std::string("invalid JSON: ") + e.what()});
      state->root = nlohmann::json::object();
    }
    if (state->root.is_null()) state->root = nlohmann::json::object();
    if (!state->root.is_object()) {
      state->errors.push_back({"", "expected an object"});
      state->root = nlohmann::json::object();
    }
    return ConfigReader(state, &state->root, "");
  }

  bool has(const std::string& key) const { return node_->contains(key); }
  const std::string& path() const { return path_; }

  std::string string(const std::string& key, const std::string& fallback) const {
    const nlohmann::json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_string()) return mistyped(key, "a string"), fallback;
    return v->get<std::string>();
  }
  std::string requiredString(const std::string& key) const {
    if (!has(key)) fail(key, "is required");
    return string(key, "");
  }
  int64_t integer(const std::string& key, int64_t fallback,
                  int64_t min = std::numeric_limits<int64_t>::min(),
                  int64_t max = std::numeric_limits<int64_t>::max()) const {
    const nlohmann::json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_number_integer()) return mistyped(key, "an integer"), fallback;
    if (v->is_number_unsigned() && v->get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) {
      fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
      return fallback;
    }
    const int64_t value = v->get<int64_t>();
    if (value < min || value > max) {
      fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
      return fallback;
    }
    return value;
  }
  double number(const std::string& key, double fallback) const {
    const nlohmann::json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_number()) return mistyped(key, "a number"), fallback;
    return v->get<double>();
  }
  bool boolean(const std::string& key, bool fallback) const {
    const nlohmann::json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_boolean()) return mistyped(key, "a boolean"), fallback;
    return v->get<bool>();
  }
  std::vector<std::string> stringList(const std::string& key) const {
    std::vector<std::string> out;
    const nlohmann::json* v = find(key);
    if (v == nullptr) return out;
    if (!v->is_array()) return mistyped(key, "an array of strings"), out;
    for (size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string())
        state_->errors.push_back({childPath(key) + "/" + std::to_string(i), "expected a string"});
      else
        out.push_back((*v)[i].get<std::string>());
    }
    return out;
  }
  // A nested object whose keys are checked like this one's. Missing: an empty object.
  ConfigReader object(const std::string& key) const {
    const nlohmann::json* v = find(key);
    if (v != nullptr && v->is_object()) return ConfigReader(state_, v, childPath(key));
    if (v != nullptr) mistyped(key, "an object");
    return ConfigReader(state_, &state_->empty, childPath(key));
  }
  // A free-form value the plugin interprets itself; its inner keys are not checked.
  nlohmann::json raw(const std::string& key) const {
    const nlohmann::json* v = find(key);
    return v == nullptr ? nlohmann::json() : *v;
  }

  // Records an error at this object's path + key ("" for the object itself).
  void fail(const std::string& key, const std::string& message) const {
    state_->errors.push_back({key.empty() ? path_ : childPath(key), message});
  }

  // Every key present in the section that no getter asked for, as errors. Called by the SDK
  // after Plugin::configure.
  const std::vector<ConfigError>& finish() const {
    for (const auto& [objPath, obj] : state_->objects) {
      for (auto it = obj->begin(); it != obj->end(); ++it) {
        const std::string p = objPath + "/" + escape(it.key());
        if (!state_->read.count(p)) state_->errors.push_back({p, "unknown key"});
      }
    }
    state_->objects.clear();
    return state_->errors;
  }
  const std::vector<ConfigError>& errors() const { return state_->errors; }

  static std::string escape(const std::string& key) {
    std::string out;
    for (char c : key) {
      if (c == '~')
        out += "~0";
      else if (c == '/')
        out += "~1";
      else
        out += c;
    }
    return out;
  }

 private:
  struct State {
    nlohmann::json root;
    nlohmann::json empty = nlohmann::json::object();
    std::map<std::string, const nlohmann::json*> objects;
    std::set<std::string> read;
    std::vector<ConfigError> errors;
  };

  ConfigReader(std::shared_ptr<State> state, const nlohmann::json* node, std::string path)
      : state_(std::move(state)), node_(node), path_(std::move(path)) {
    state_->objects.emplace(path_, node_);
  }

  std::string childPath(const std::string& key) const { return path_ + "/" + escape(key); }

  const nlohmann::json* find(const std::string& key) const {
    state_->read.insert(childPath(key));
    auto it = node_->find(key);
    return it == node_->end() ? nullptr : &*it;
  }
  void mistyped(const std::string& key, const std::string& expected) const {
    fail(key, "expected " + expected);
  }

  std::shared_ptr<State> state_;
  const nlohmann::json* node_;
  std::string path_;
};

}  // namespace apiary
