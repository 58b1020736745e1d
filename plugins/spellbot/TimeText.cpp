#include "TimeText.hpp"

#include <array>
#include <cstdio>

namespace spellbot {
namespace {

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool digits(std::string_view s, size_t pos, size_t count, int64_t& out) {
  if (pos + count > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

struct Fields {
  int64_t year;
  unsigned month, day, hour, minute, second, micros;
};

Fields fieldsOf(int64_t epochMs) {
  const int64_t days = floorDiv(epochMs, 86400000);
  const int64_t msOfDay = epochMs - days * 86400000;
  Fields f{};
  TimeText::civilFromDays(days, f.year, f.month, f.day);
  f.hour = static_cast<unsigned>(msOfDay / 3600000);
  f.minute = static_cast<unsigned>(msOfDay / 60000 % 60);
  f.second = static_cast<unsigned>(msOfDay / 1000 % 60);
  f.micros = static_cast<unsigned>(msOfDay % 1000) * 1000;
  return f;
}

}  // namespace

int64_t TimeText::daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void TimeText::civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

std::string TimeText::column(int64_t epochMs) {
  const Fields f = fieldsOf(epochMs);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02u:%02u:%02u.%06u",
                static_cast<long long>(f.year), f.month, f.day, f.hour, f.minute, f.second,
                f.micros);
  return buf;
}

std::string TimeText::iso(int64_t epochMs) {
  const Fields f = fieldsOf(epochMs);
  char buf[48];
  if (f.micros != 0)
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%06u+00:00",
                  static_cast<long long>(f.year), f.month, f.day, f.hour, f.minute, f.second,
                  f.micros);
  else
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u+00:00",
                  static_cast<long long>(f.year), f.month, f.day, f.hour, f.minute, f.second);
  return buf;
}

std::optional<int64_t> TimeText::parse(std::string_view s) {
  int64_t year, month, day;
  if (!digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, month) ||
      s[7] != '-' || !digits(s, 8, 2, day))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[static_cast<size_t>(month - 1)] || (month == 2 && day == 29 && !leap))
    return std::nullopt;
  int64_t ms = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) *
               86400000;
  size_t pos = 10;
  if (pos == s.size()) return ms;
  if (s[pos] != 'T' && s[pos] != ' ') return std::nullopt;
  ++pos;
  int64_t hour, minute, second = 0;
  if (!digits(s, pos, 2, hour) || pos + 2 >= s.size() || s[pos + 2] != ':' ||
      !digits(s, pos + 3, 2, minute) || hour > 23 || minute > 59)
    return std::nullopt;
  pos += 5;
  int64_t fractionMs = 0;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, second) || second > 59) return std::nullopt;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      size_t count = 0;
      int64_t scale = 100;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (count < 3) fractionMs += (s[pos] - '0') * scale, scale /= 10;
        ++pos;
        ++count;
      }
      if (count == 0) return std::nullopt;
    }
  }
  ms += hour * 3600000 + minute * 60000 + second * 1000 + fractionMs;
  if (pos == s.size()) return ms;
  if (s[pos] == 'Z' && pos + 1 == s.size()) return ms;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  const int64_t sign = s[pos] == '+' ? 1 : -1;
  int64_t offH, offM = 0;
  if (!digits(s, pos + 1, 2, offH)) return std::nullopt;
  size_t end = pos + 3;
  if (end < s.size()) {
    if (s[end] == ':') ++end;
    if (!digits(s, end, 2, offM)) return std::nullopt;
    end += 2;
  }
  if (end != s.size() || offH > 23 || offM > 59) return std::nullopt;
  return ms - sign * (offH * 3600000 + offM * 60000);
}

std::optional<int64_t> TimeText::localDate(std::string_view text, int64_t offsetMinutesWest) {
  if (text.size() != 10) return std::nullopt;
  const auto midnightUtc = parse(text);
  if (!midnightUtc) return std::nullopt;
  return *midnightUtc + offsetMinutesWest * 60000;
}

std::string TimeText::zoneAbbreviation(std::string_view zone, int64_t east) {
  struct Known {
    std::string_view zone;
    int64_t standardEast;
    std::string_view standard, daylight;
  };
  static constexpr std::array<Known, 12> kKnown = {{
      {"America/Los_Angeles", -480, "PST", "PDT"},
      {"America/Denver", -420, "MST", "MDT"},
      {"America/Phoenix", -420, "MST", "MST"},
      {"America/Chicago", -360, "CST", "CDT"},
      {"America/New_York", -300, "EST", "EDT"},
      {"America/Anchorage", -540, "AKST", "AKDT"},
      {"Pacific/Honolulu", -600, "HST", "HST"},
      {"Europe/London", 0, "GMT", "BST"},
      {"UTC", 0, "UTC", "UTC"},
      {"Etc/UTC", 0, "UTC", "UTC"},
      {"Europe/Berlin", 60, "CET", "CEST"},
      {"Europe/Paris", 60, "CET", "CEST"},
  }};
  for (const auto& k : kKnown) {
    if (k.zone != zone) continue;
    if (east == k.standardEast) return std::string(k.standard);
    if (east == k.standardEast + 60) return std::string(k.daylight);
  }
  // CLDR's localized GMT format, what Babel shows for zones without an abbreviation.
  if (east == 0) return "GMT";
  const int64_t a = east < 0 ? -east : east;
  char buf[48];
  if (a % 60 == 0)
    std::snprintf(buf, sizeof buf, "GMT%c%lld", east < 0 ? '-' : '+', static_cast<long long>(a / 60));
  else
    std::snprintf(buf, sizeof buf, "GMT%c%lld:%02lld", east < 0 ? '-' : '+',
                  static_cast<long long>(a / 60), static_cast<long long>(a % 60));
  return buf;
}

std::string TimeText::longFormat(int64_t epochMs, int64_t offsetMinutesWest,
                                 std::string_view zoneName) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  const Fields f = fieldsOf(epochMs - offsetMinutesWest * 60000);
  const unsigned hour12 = f.hour % 12 == 0 ? 12 : f.hour % 12;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s %u, %lld, %u:%02u:%02u %s ",
                std::string(kMonths[f.month - 1]).c_str(), f.day, static_cast<long long>(f.year),
                hour12, f.minute, f.second, f.hour < 12 ? "AM" : "PM");
  return buf + zoneAbbreviation(zoneName, -offsetMinutesWest);
}

std::string TimeText::ago(int64_t seconds) {
  if (seconds < 0) seconds = 0;
  if (seconds < 60) return std::to_string(seconds) + "s ago";
  if (seconds < 3600) return std::to_string(seconds / 60) + "m ago";
  return std::to_string(seconds / 3600) + "h ago";
}

}  // namespace spellbot
