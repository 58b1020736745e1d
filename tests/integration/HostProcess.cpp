#include "HostProcess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace apiary::test {
namespace fs = std::filesystem;

namespace {
void writeJson(const std::string& path, const nlohmann::ordered_json& doc) {
  std::ofstream(path) << doc.dump(2) << "\n";
}
}  // namespace

std::string HostProcess::pluginDir() {
  return APIARY_TEST_PLUGIN_DIR;
}
std::string HostProcess::fixtureDir() {
  return APIARY_TEST_FIXTURE_DIR;
}
std::string HostProcess::sourceDir() {
  return APIARY_TEST_SOURCE_DIR;
}

nlohmann::ordered_json HostProcess::baseConfig() {
  return {{"plugin_dir", pluginDir()},
          {"state_dir", "state"},
          {"access_log", true},
          {"admin", {{"address", "127.0.0.1"}, {"port", 0}}},
          {"listeners", {{"main", {{"address", "127.0.0.1"}, {"port", 0}, {"insecure", true}}}}},
          {"plugins", nlohmann::ordered_json::object()}};
}

HostProcess::HostProcess(nlohmann::ordered_json config,
                         std::map<std::string, nlohmann::ordered_json> confd,
                         std::map<std::string, std::string> env)
    : env_(std::move(env)) {
  char templ[] = "/tmp/apiary-test-XXXXXX";
  if (mkdtemp(templ) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = templ;
  writeJson(configPath(), config);
  if (!confd.empty()) {
    fs::create_directory(dir_ + "/conf.d");
    for (const auto& [name, doc] : confd) writeJson(dir_ + "/conf.d/" + name, doc);
  }
}

HostProcess::~HostProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    waitExit(5000);
  }
  std::error_code ec;
  if (std::getenv("APIARY_KEEP_TEST_DIRS") == nullptr) fs::remove_all(dir_, ec);
}

pid_t HostProcess::spawn(const std::vector<std::string>& extraArgs, const std::string& stdinText) {
  const std::string stdinPath = dir_ + "/stdin.txt";
  std::ofstream(stdinPath) << stdinText;
  std::vector<std::string> args = {APIARY_TEST_BINARY, "--config", configPath()};
  args.insert(args.end(), extraArgs.begin(), extraArgs.end());
  const std::string logPath = dir_ + "/stderr.log";
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(fd, 2);
    ::dup2(fd, 1);
    const int in = ::open(stdinPath.c_str(), O_RDONLY);
    ::dup2(in, 0);
    ::unsetenv("INSECURE");
    ::unsetenv("JOURNAL_STREAM");
    for (const auto& [k, v] : env_) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int HostProcess::waitExit(int timeoutMs) {
  const int rc = reap(pid_, timeoutMs);
  if (rc >= 0) {
    pid_ = -1;
    exitCode_ = rc;
  }
  return rc;
}

int HostProcess::reap(pid_t pid, int timeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (true) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (std::chrono::steady_clock::now() > deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool HostProcess::start(std::vector<std::string> extraArgs) {
  const std::string portFile = dir_ + "/ports.json";
  std::filesystem::remove(portFile);  // a restarted daemon must not be read from the last run
  extraArgs.push_back("--port-file");
  extraArgs.push_back(portFile);
  if (pid_ > 0 && waitExit(0) < 0)
    throw std::logic_error("HostProcess::start: the daemon is still running");
  pid_ = spawn(extraArgs);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(portFile)) {
      std::ifstream in(portFile);
      const nlohmann::json ports = nlohmann::json::parse(in);
      for (const auto& [k, v] : ports.items()) ports_[k] = v.get<int>();
      return true;
    }
    if (waitExit(0) >= 0) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("apiary did not become ready within 20 s:\n" + log());
}

int HostProcess::runToExit(std::vector<std::string> extraArgs, const std::string& stdinText) {
  // Its own pid: a command run while the daemon serves must not make this object forget the
  // daemon (the destructor would then leave it running, orphaned, after the test).
  const pid_t pid = spawn(extraArgs, stdinText);
  const int rc = reap(pid, 30000);
  if (rc < 0) {
    ::kill(pid, SIGKILL);
    reap(pid, 5000);
    throw std::runtime_error("apiary did not exit within 30 s");
  }
  exitCode_ = rc;
  return rc;
}

int HostProcess::stop(int sig) {
  if (pid_ <= 0) return exitCode_;
  ::kill(pid_, sig);
  const int rc = waitExit(30000);
  if (rc < 0) throw std::runtime_error("apiary did not stop within 30 s");
  return rc;
}

std::string HostProcess::lastLogMatch(const std::string& pattern) const {
  const std::string text = log();
  const std::regex re(pattern);
  std::string found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    found = (*it)[1];
  return found;
}

std::string HostProcess::log() const {
  std::ifstream in(dir_ + "/stderr.log");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace apiary::test
