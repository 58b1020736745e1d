#include "PreviewRoutes.hpp"

#include <apiary/json_depth.hpp>
#include <apiary/utf8.hpp>

#include "ErrorPages.hpp"
#include "KeyHash.hpp"

namespace spectra {
namespace {

apiary::Response invalidPreviewData(const std::string& details) {
  return apiary::Response::json(
      400, Json{{"error", "Invalid preview data"}, {"details", details}}.dump());
}

std::string trimLower(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

void PreviewRoutes::registerOn(apiary::Router& router) const {
  router.put("/createPreview",
             ErrorPages::guardStorage([this](const apiary::Request& r) { return create(r); }),
             "Creates or replaces a preview (key in the JSON body)");
  router.get("/preview/{previewCode}",
             ErrorPages::guardStorage([this](const apiary::Request& r) { return get(r); }),
             "The preview match document for a 6-character code");
}

std::optional<Json> PreviewRoutes::parseJsonBody(const apiary::Request& request) {
  // type-is hasBody(): a Content-Length or Transfer-Encoding header, else no body at all.
  if (!request.header("Content-Length") && !request.header("Transfer-Encoding"))
    return std::nullopt;
  const std::string_view type = request.header("Content-Type").value_or("");
  if (trimLower(type.substr(0, type.find(';'))) != "application/json") return std::nullopt;
  const std::string_view body = request.body();
  if (body.empty()) return Json::object();
  const size_t first = body.find_first_not_of(" \t\n\r");
  if (first == std::string_view::npos || (body[first] != '{' && body[first] != '['))
    throw apiary::HttpError(400, "Invalid JSON body");
  // Too deep for the tree walks below (JsSemantics::normalize): refused like malformed JSON.
  if (!apiary::jsonDepthWithin(body)) throw apiary::HttpError(400, "Invalid JSON body");
  Json parsed = Json::parse(body, nullptr, false);
  if (parsed.is_discarded()) throw apiary::HttpError(400, "Invalid JSON body");
  JsSemantics::normalize(parsed);
  return parsed;
}

apiary::Response PreviewRoutes::create(const apiary::Request& request) const {
  const std::optional<Json> body = parseJsonBody(request);
  if (!body) return invalidPreviewData("Cannot read properties of undefined (reading 'key')");
  const Json* key = body->is_object() ? JsSemantics::read(&*body, "key") : nullptr;
  if (key == nullptr || !JsSemantics::truthy(*key))
    return ErrorPages::json(400, "Missing or invalid key in preview data");

  const KeyCheck check = keys_.isValidKey(*key);
  if (check.outcome == KeyCheck::Outcome::Unavailable)
    return ErrorPages::json(503, "Key backend unavailable");
  if (!check.valid()) return ErrorPages::json(403, "Invalid or expired key");

  Json document;
  try {
    document = PreviewDocument::build(*body, random_);
  } catch (const JsTypeError& e) {
    return invalidPreviewData(e.what());
  }
  const std::string text = document.dump();

  // Whose preview this is: its organisation, else the key itself (AUTH_KEY, or no auth).
  const std::string owner = check.orgId.is_null()
                                ? "key:" + KeyHash::sha256Hex(key->dump())
                                : "org:" + (check.orgId.is_string() ? check.orgId.get<std::string>()
                                                                    : check.orgId.dump());
  const int64_t now = clock_.wallMs();

  // A 6-character code is reused when free or the owner's (the client re-sends the code it got);
  // anything else, or a code held by someone else, gets a fresh one.
  const Json* requested = JsSemantics::read(&*body, "previewCode");
  if (requested != nullptr && requested->is_string() &&
      JsSemantics::utf16Length(requested->get_ref<const std::string&>()) == kCodeLength &&
      previews_.put(requested->get<std::string>(), owner, text, now))
    return apiary::Response::json(200, Json{{"previewCode", *requested}}.dump());
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::string code = KeyHash::randomString(kCodeAlphabet, kCodeLength);
    if (previews_.put(code, owner, text, now))
      return apiary::Response::json(200, Json{{"previewCode", code}}.dump());
  }
  return ErrorPages::json(503, "No free preview code");
}

apiary::Response PreviewRoutes::get(const apiary::Request& request) const {
  const std::string code(request.param("previewCode").value_or(""));
  if (!apiary::utf8::valid(code) || JsSemantics::utf16Length(code) != kCodeLength)
    return ErrorPages::json(400, "Invalid preview code format");
  const std::optional<std::string> document = previews_.find(code, clock_.wallMs());
  if (!document) return ErrorPages::json(404, "Preview not found");
  return apiary::Response::json(200, *document);
}

}  // namespace spectra
