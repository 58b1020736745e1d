// PUT /createPreview and GET /preview/{previewCode}: overlay previews the Spectra client
// creates with an access key and shares by a 6-character code.
#pragma once

#include "KeyValidator.hpp"
#include "PreviewDocument.hpp"
#include "PreviewStore.hpp"

#include <apiary/clock.hpp>
#include <apiary/router.hpp>

#include <optional>

namespace spectra {

class PreviewRoutes {
 public:
  PreviewRoutes(const KeyValidator& keys, const PreviewStore& previews, apiary::Clock clock,
                PreviewDocument::RandomInt random)
      : keys_(keys), previews_(previews), clock_(clock), random_(std::move(random)) {}

  void registerOn(apiary::Router& router) const;

  apiary::Response create(const apiary::Request& request) const;
  apiary::Response get(const apiary::Request& request) const;

  // Upstream's code alphabet: upper-case letters and digits without I and O.
  static constexpr std::string_view kCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  static constexpr size_t kCodeLength = 6;

  // req.body as body-parser.json() leaves it: nullopt (undefined) unless the request has a body
  // with Content-Type application/json; {} for an empty one. Malformed JSON or a top level that
  // is not an object or array (strict mode) throws HttpError 400 in the JSON envelope.
  static std::optional<Json> parseJsonBody(const apiary::Request& request);

 private:
  const KeyValidator& keys_;
  const PreviewStore& previews_;
  apiary::Clock clock_;
  PreviewDocument::RandomInt random_;
};

}  // namespace spectra
