// Builds the plugin's HTML pages: every piece of data goes through escape() (text and
// attribute values alike), URLs through urlEncode(); the shell carries one stylesheet.
#pragma once

#include <string>
#include <string_view>

namespace spellbot {

class HtmlWriter {
 public:
  // Escapes & < > " ' so the text is safe in element content and quoted attributes.
  static std::string escape(std::string_view text);
  // Percent-encodes everything but unreserved characters (RFC 3986).
  static std::string urlEncode(std::string_view text);

  // Starts a page: doctype, head (title, style, extraHead as given) and the header bar.
  HtmlWriter(std::string_view title, std::string_view extraHead = {});

  HtmlWriter& raw(std::string_view html) {
    out_ += html;
    return *this;
  }
  HtmlWriter& text(std::string_view text) {
    out_ += escape(text);
    return *this;
  }
  // Closes the page (footer, scripts as given) and returns it.
  std::string finish(std::string_view scripts = {});

 private:
  std::string out_;
};

}  // namespace spellbot
