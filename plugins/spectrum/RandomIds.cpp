#include "RandomIds.hpp"

#include <openssl/rand.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace spectrum {
namespace {

void fill(unsigned char* out, size_t size) {
  if (RAND_bytes(out, static_cast<int>(size)) != 1)
    throw std::runtime_error("the system random generator failed");
}

std::string toHex(const unsigned char* data, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string RandomIds::uuid() {
  unsigned char b[16];
  fill(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  const std::string h = toHex(b, sizeof b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

std::string RandomIds::hex(size_t bytes) {
  std::vector<unsigned char> b(bytes);
  fill(b.data(), b.size());
  return toHex(b.data(), b.size());
}

double RandomIds::unit() {
  uint64_t v = 0;
  fill(reinterpret_cast<unsigned char*>(&v), sizeof v);
  return static_cast<double>(v >> 11) / static_cast<double>(uint64_t(1) << 53);
}

}  // namespace spectrum
