// AccessLog: the exact line format (the same as StderrChannel's), batching, flush on
// destruction, order, and the "access" logger's level.
#include "AccessLog.h"

#include <Poco/Logger.h>

#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace apiary {
namespace {

class AccessLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/apiary-access-XXXXXX";
    fd_ = mkstemp(templ);
    ASSERT_GE(fd_, 0);
    path_ = templ;
  }
  void TearDown() override {
    ::close(fd_);
    std::remove(path_.c_str());
    Poco::Logger::get("access").setLevel(Poco::Message::PRIO_INFORMATION);
  }
  std::string contents() const {
    std::ifstream in(path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  int fd_ = -1;
  std::string path_;
};

// 2026-11-25T01:02:03.045Z in microseconds since the epoch.
constexpr int64_t kWhen = 1795568523045678;

TEST_F(AccessLogTest, LinesHaveStderrChannelsShapeAndArriveOnDestruction) {
  {
    AccessLog log(fd_, false);
    log.writeAt("main 127.0.0.1:5 \"GET /x\" 200 2 10us rid=a plugin=p", kWhen);
    log.writeAt("second", kWhen + 1000000);
  }
  EXPECT_EQ(contents(),
            "2026-11-25T01:02:03.045Z INFO access: main 127.0.0.1:5 \"GET /x\" 200 2 10us rid=a "
            "plugin=p\n"
            "2026-11-25T01:02:04.045Z INFO access: second\n");
}

TEST_F(AccessLogTest, JournalLinesCarryThePriorityPrefix) {
  {
    AccessLog log(fd_, true);
    log.writeAt("main 127.0.0.1:5 \"GET /x\" 200 2 10us rid=a", kWhen);
  }
  EXPECT_EQ(contents(), "<6>access: main 127.0.0.1:5 \"GET /x\" 200 2 10us rid=a\n");
}

TEST_F(AccessLogTest, TheFlusherWritesWithoutBeingAsked) {
  AccessLog log(fd_, true);
  log.write("one");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (contents().empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(contents(), "<6>access: one\n");
}

TEST_F(AccessLogTest, ManyWritersLoseNothingAndKeepEachLineWhole) {
  constexpr int kThreads = 4, kLines = 20000;
  {
    AccessLog log(fd_, true);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kLines; ++i)
          log.write("t" + std::to_string(t) + " n" + std::to_string(i) + " " +
                    std::string(40, 'x'));
      });
    for (auto& thread : threads) thread.join();
  }
  std::istringstream in(contents());
  std::string line;
  std::vector<int> next(kThreads, 0);
  int count = 0;
  while (std::getline(in, line)) {
    ASSERT_EQ(line.rfind("<6>access: t", 0), 0u) << line;
    const int t = line[12] - '0';
    ASSERT_EQ(line, "<6>access: t" + std::to_string(t) + " n" + std::to_string(next[t]) + " " +
                        std::string(40, 'x'));
    ++next[t];  // each writer's lines in the order it wrote them
    ++count;
  }
  EXPECT_EQ(count, kThreads * kLines);
}

TEST_F(AccessLogTest, TheAccessLoggersLevelTurnsItOff) {
  AccessLog log(fd_, true);
  EXPECT_TRUE(log.enabled());
  Poco::Logger::get("access").setLevel(Poco::Message::PRIO_WARNING);
  EXPECT_FALSE(log.enabled());
}

}  // namespace
}  // namespace apiary
