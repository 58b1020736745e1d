// The preview match document, exactly as upstream serializes its PreviewMatch: a fixed demo
// match (Sunset, round 1, ten fixed players) around the client's two teams and its tools, with
// player stats drawn once, at creation.
#pragma once

#include "JsSemantics.hpp"

#include <cstdint>
#include <functional>

namespace spectra {

class PreviewDocument {
 public:
  // Returns an integer in [min, max], uniformly (upstream's getRandomInt).
  using RandomInt = std::function<int(int min, int max)>;

  // `new PreviewMatch(body)`: throws JsTypeError as upstream's constructor would, e.g. for a
  // missing team "Cannot read properties of undefined (reading 'name')".
  static Json build(const Json& body, const RandomInt& random);

  // A thread-safe RandomInt over a per-thread generator seeded from std::random_device.
  static int defaultRandom(int min, int max);

 private:
  static Json team(const Json* input, const char* const (*players)[2], const RandomInt& random);
  static Json player(const char* name, const char* agent, const RandomInt& random);
};

}  // namespace spectra
