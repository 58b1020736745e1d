// Upstream's ToolsData: the overlay settings an observer sends (series, sponsors, timeouts, ...),
// with upstream's defaults, its shallow Object.assign overlay, and the supporter rules that live
// matches get (spec section 5). Previews use fromClient only.
#pragma once

#include "JsSemantics.hpp"

namespace spectra {

class ToolsData {
 public:
  // The defaults, in upstream's key order.
  static Json defaults();

  // `new ToolsData(init)`: the defaults overlaid shallowly with init (a client key replaces the
  // whole default value, unknown keys are kept), then timeoutCounter.left and .right set to
  // timeoutCounter.max. init may be anything JSON (null or a number adds nothing; a string or an
  // array adds its indices, as Object.assign does). Throws JsTypeError as upstream's constructor
  // would (e.g. timeoutCounter null: "Cannot read properties of null (reading 'max')").
  static Json fromClient(const Json* init);

  // Live-match rules for a non-supporter organisation: the Spectra logo is appended to enabled
  // sponsors; the Spectra watermark is forced on; custom watermark text is off; a "sponsors" round
  // win box keeps its first sponsor only, shown for every ceremony and team.
  static void applySupporterRules(Json& tools, bool isSupporter);

  static constexpr const char* kSpectraLogoUrl =
      "https://auto.valospectra.com/assets/misc/logo.webp";
};

}  // namespace spectra
