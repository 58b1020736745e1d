// Timestamps as SpellBot stores and shows them. Columns hold naive UTC text
// ("2026-05-08 12:00:00.000000", what PostgreSQL and SQLAlchemy write); all arithmetic happens
// here in C++ so the SQL stays portable (no julianday/EXTRACT).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spellbot {

class TimeText {
 public:
  // "YYYY-MM-DD HH:MM:SS.ffffff" (UTC) for a column.
  static std::string column(int64_t epochMs);
  // Python's isoformat() of an aware UTC datetime: "2026-05-08T12:00:00+00:00".
  static std::string iso(int64_t epochMs);
  // Parses "YYYY-MM-DD", "YYYY-MM-DD[T ]HH:MM[:SS[.f]]" with an optional "Z" or "+HH[:MM]"
  // offset (Python's datetime.fromisoformat); naive means UTC.
  static std::optional<int64_t> parse(std::string_view text);
  // A local calendar date "YYYY-MM-DD" as the epoch ms of its local midnight, for a browser
  // offset in minutes west of UTC (JavaScript's getTimezoneOffset).
  static std::optional<int64_t> localDate(std::string_view text, int64_t offsetMinutesWest);
  // Babel's "long" format of the instant in the browser's zone:
  // "December 31, 2019, 4:00:00 PM PST".
  static std::string longFormat(int64_t epochMs, int64_t offsetMinutesWest,
                                std::string_view zoneName);
  // "12s ago", "5m ago", "3h ago".
  static std::string ago(int64_t seconds);

  static int64_t daysFromCivil(int64_t y, unsigned m, unsigned d);
  static void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d);

 private:
  static std::string zoneAbbreviation(std::string_view zoneName, int64_t offsetMinutesEast);
};

}  // namespace spellbot
