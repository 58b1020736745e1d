// Photon's response envelope: {"succeed":true,"data":...} for every success (always HTTP 200),
// {"succeed":false,"code":"...","message":"..."} for every error, field order as Photon's.
#pragma once

#include <apiary/response.hpp>

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace spectrum {

using Json = nlohmann::ordered_json;

// An error answer in the envelope, thrown by handlers and rendered by ProjectGuard.
class SpectrumError : public std::runtime_error {
 public:
  SpectrumError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  int status_;
  std::string code_;
};

class Envelope {
 public:
  static constexpr const char* kUnauthorizedMessage = "Missing or invalid project credentials";

  static apiary::Response ok(Json data);
  static apiary::Response error(int status, std::string_view code, std::string_view message);
  static apiary::Response error(const SpectrumError& e) {
    return error(e.status(), e.code(), e.what());
  }
  // The machine-readable code for a status when nothing more precise is known.
  static std::string codeForStatus(int status);

  static SpectrumError unauthorized() {
    return SpectrumError(401, "unauthorized", kUnauthorizedMessage);
  }
  static SpectrumError validation(const std::string& message) {
    return SpectrumError(422, "validation_error", message);
  }
  static SpectrumError notFound(const std::string& message) {
    return SpectrumError(404, "not_found", message);
  }
  static SpectrumError conflict(const std::string& message, std::string code = "conflict") {
    return SpectrumError(409, std::move(code), message);
  }
};

}  // namespace spectrum
