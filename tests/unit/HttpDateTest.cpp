// HttpDate replaces Poco's per-request Date formatting; its text must be what Poco writes.
#include "HttpDate.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <gtest/gtest.h>

namespace apiary {
namespace {

std::string poco(std::time_t seconds) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(seconds),
                                         Poco::DateTimeFormat::HTTP_FORMAT);
}

TEST(HttpDate, SameTextAsPocosHttpFormat) {
  EXPECT_EQ(HttpDate::format(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110's
  // Every weekday and month, day and time fields with and without leading zeros, leap days.
  for (std::time_t t = 0; t < 4102444800; t += 86400 * 13 + 3607)
    ASSERT_EQ(HttpDate::format(t), poco(t)) << t;
  EXPECT_EQ(HttpDate::format(951782400), poco(951782400));  // 2000-02-29
}

TEST(HttpDate, NowIsTheCurrentSecond) {
  const std::time_t before = std::time(nullptr);
  const std::string now = HttpDate::now();
  const std::time_t after = std::time(nullptr);
  EXPECT_TRUE(now == HttpDate::format(before) || now == HttpDate::format(after)) << now;
}

}  // namespace
}  // namespace apiary
