// Thrown by a handler to answer with an error status in the plugin's own envelope.
#pragma once

#include <stdexcept>
#include <string>

namespace apiary {

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

}  // namespace apiary
