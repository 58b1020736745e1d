#include "HtmlWriter.hpp"

namespace spellbot {
namespace {

constexpr std::string_view kStyle = R"CSS(
:root { --bg:#14121f; --panel:#1f1b33; --panel2:#28223f; --text:#ece9f7; --muted:#a59fc0;
  --accent:#7b61ff; --accent2:#5a3efd; --good:#3ecf8e; --ok:#f5b94a; --bad:#f0616d; --line:#362f55; }
* { box-sizing:border-box; }
body { margin:0; background:var(--bg); color:var(--text);
  font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
a { color:#b3a4ff; text-decoration:none; } a:hover { text-decoration:underline; }
header.bar { display:flex; align-items:center; gap:12px; padding:14px 28px;
  background:linear-gradient(90deg,var(--accent2),#8c4bff); box-shadow:0 2px 12px #0006; }
header.bar .logo { font-weight:800; font-size:20px; letter-spacing:.5px; color:#fff; }
header.bar .sub { color:#e6e0ff; opacity:.85; }
main { max-width:1200px; margin:28px auto; padding:0 20px; }
h1 { font-size:26px; margin:0 0 6px; } h2 { font-size:19px; margin:26px 0 10px; }
.muted { color:var(--muted); } .count { color:var(--muted); font-weight:400; font-size:16px; }
.card { background:var(--panel); border:1px solid var(--line); border-radius:12px; padding:18px 20px; }
.grid { display:grid; grid-template-columns:repeat(auto-fill,minmax(220px,1fr)); gap:14px; }
.stats { display:flex; flex-wrap:wrap; gap:14px; margin:18px 0; }
.stat { flex:1 1 180px; background:var(--panel); border:1px solid var(--line); border-radius:12px; padding:14px 18px; }
.stat .value { font-size:24px; font-weight:700; } .stat .label { color:var(--muted); font-size:13px; }
table.records { width:100%; border-collapse:collapse; background:var(--panel);
  border:1px solid var(--line); border-radius:12px; overflow:hidden; }
table.records th, table.records td { padding:9px 12px; text-align:left; border-bottom:1px solid var(--line);
  vertical-align:top; }
table.records th { background:var(--panel2); color:var(--muted); font-size:12px; text-transform:uppercase;
  letter-spacing:.6px; }
table.records tr:nth-child(even) td { background:#231e3a; }
table.records tr.first td { border-top:2px solid var(--line); }
table.records td:last-child, td.timestamp, td.time { white-space:nowrap; }
td.id { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:13px; color:var(--muted); }
.players { margin:0; padding:0; list-style:none; } .players li { white-space:nowrap; }
.filters { display:flex; flex-wrap:wrap; gap:10px; align-items:flex-end; margin:16px 0; }
.filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); gap:3px; }
.filters input, .filters select { background:var(--panel2); color:var(--text); border:1px solid var(--line);
  border-radius:8px; padding:6px 8px; font:inherit; }
.button, button { display:inline-block; background:var(--accent); color:#fff; border:0; border-radius:8px;
  padding:7px 14px; font:inherit; cursor:pointer; } .button:hover, button:hover { background:var(--accent2); text-decoration:none; }
.button.secondary { background:var(--panel2); border:1px solid var(--line); }
.pager { display:flex; gap:10px; margin:18px 0; align-items:center; }
.empty { padding:28px; text-align:center; color:var(--muted); }
.badge { display:inline-block; padding:6px 16px; border-radius:999px; font-weight:700; font-size:18px; }
.status-healthy { background:#1d4d3a; color:var(--good); } .status-degraded { background:#4d3d1d; color:var(--ok); }
.status-down { background:#4d1d24; color:var(--bad); } .status-upgrading { background:#2a2d5c; color:#9fb0ff; }
.status-unknown { background:#333; color:#bbb; }
.good { color:var(--good); } .ok { color:var(--ok); } .bad { color:var(--bad); }
.banner { background:#2a2d5c; border:1px solid #4b4f95; border-radius:12px; padding:14px 18px; margin:16px 0; }
footer { max-width:1200px; margin:30px auto; padding:0 20px 30px; color:var(--muted); font-size:13px; }
)CSS";

}  // namespace

std::string HtmlWriter::escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#x27;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string HtmlWriter::urlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

HtmlWriter::HtmlWriter(std::string_view title, std::string_view extraHead) {
  out_ = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out_ += escape(title);
  out_ += "</title>\n";
  out_ += extraHead;
  out_ += "<style>";
  out_ += kStyle;
  out_ += "</style>\n</head>\n<body>\n<header class=\"bar\"><span class=\"logo\">SpellBot</span>"
          "<span class=\"sub\">Play Magic: The Gathering online</span></header>\n<main>\n";
}

std::string HtmlWriter::finish(std::string_view scripts) {
  out_ += "</main>\n";
  out_ += scripts;
  out_ += "</body>\n</html>\n";
  return std::move(out_);
}

}  // namespace spellbot
