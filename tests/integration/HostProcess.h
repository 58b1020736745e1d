// Runs the real apiary binary for a test: writes its config into a temp directory, starts it on
// port 0, reads the bound ports from --port-file, and stops it with a signal.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace apiary::test {

class HostProcess {
 public:
  // config is apiary.json; confd maps file names ("50-x.json") to conf.d documents.
  explicit HostProcess(nlohmann::ordered_json config,
                       std::map<std::string, nlohmann::ordered_json> confd = {},
                       std::map<std::string, std::string> env = {});
  ~HostProcess();
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  // Starts the daemon and waits until it serves (true) or exits (false; see exitCode()).
  bool start(std::vector<std::string> extraArgs = {});
  // Runs the binary to completion with extra args (e.g. --check-config); returns the exit code.
  // stdinText is what the process reads on standard input.
  int runToExit(std::vector<std::string> extraArgs, const std::string& stdinText = "");
  // Sends sig and waits for exit; returns the exit code (128+signal if killed).
  int stop(int sig = 15);

  int port(const std::string& listener) const { return ports_.at(listener); }
  int exitCode() const { return exitCode_; }
  pid_t pid() const { return pid_; }
  std::string log() const;  // everything the daemon wrote to stderr
  // The last match of pattern's first group in log() ("" when none): what a CLI command printed
  // last, such as a secret shown once.
  std::string lastLogMatch(const std::string& pattern) const;
  const std::string& dir() const { return dir_; }
  std::string configPath() const { return dir_ + "/apiary.json"; }

  // A default config: one insecure listener "main" on port 0, admin on port 0, plugin_dir the
  // build's plugin directory, no plugins.
  static nlohmann::ordered_json baseConfig();
  static std::string pluginDir();
  static std::string fixtureDir();
  static std::string sourceDir();

 private:
  pid_t spawn(const std::vector<std::string>& extraArgs, const std::string& stdinText = "");
  int waitExit(int timeoutMs);
  // Waits up to timeoutMs for the child to exit: its exit code (128 + signal), or -1.
  static int reap(pid_t pid, int timeoutMs);

  std::string dir_;
  std::map<std::string, std::string> env_;
  pid_t pid_ = -1;
  int exitCode_ = -1;
  std::map<std::string, int> ports_;
};

}  // namespace apiary::test
