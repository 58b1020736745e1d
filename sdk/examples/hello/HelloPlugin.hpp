// The smallest real apiary plugin: GET /hello/{name} answers with a configurable greeting.
#pragma once

#include <apiary/apiary.hpp>

#include <string>

class HelloPlugin : public apiary::Plugin {
 public:
  static constexpr const char* kName = "hello";
  static constexpr const char* kVersion = "1.0.0";

  void configure(const apiary::ConfigReader& config) override;
  void routes(apiary::Router& router) override;

 private:
  apiary::Response greet(const apiary::Request& request) const;

  std::string greeting_ = "Hello";
};
