// The smallest real apiary plugin: a greeting with a path parameter and a config key, plus a
// visit counter that shows storage (a migration, a read, a transactional write) and a timer
// (a periodic sweep of names not seen for a while).
#pragma once

#include <apiary/apiary.hpp>

#include <string>

class HelloPlugin : public apiary::Plugin {
 public:
  static constexpr const char* kName = "hello";
  static constexpr const char* kVersion = "1.1.0";

  void configure(const apiary::ConfigReader& config) override;
  void routes(apiary::Router& router) override;
  std::vector<apiary::Migration> migrations() const override;
  void start() override;

 private:
  apiary::Response greet(const apiary::Request& request) const;
  apiary::Response visits(const apiary::Request& request) const;
  apiary::Response visit(const apiary::Request& request) const;
  void forgetOldVisitors() const;
  std::string validName(const apiary::Request& request) const;

  std::string greeting_ = "Hello";
  bool cors_ = false;
  apiary::Counter greetings_;  // hello_greetings_total on /metrics
  int64_t sweepIntervalMs_ = 60000;
  int64_t forgetAfterMs_ = 24 * 3600 * 1000;
};
