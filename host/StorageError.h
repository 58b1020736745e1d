// A storage failure with its portable kind (APIARY_DB_*), as plugins see it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace apiary {

class StorageError : public std::runtime_error {
 public:
  StorageError(int32_t kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  int32_t kind() const { return kind_; }

 private:
  int32_t kind_;
};

}  // namespace apiary
