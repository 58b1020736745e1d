// apiary: a plugin host for REST APIs. See README.md.
#include "Daemon.h"
#include "StderrChannel.h"
#include "Version.h"

#include <Poco/AutoPtr.h>
#include <Poco/Logger.h>
#include <Poco/Net/SSLManager.h>

#include <apiary/abi.h>

#include <csignal>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

void usage(std::ostream& out) {
  out << "usage: apiary [--config PATH] [--check-config] [--port-file PATH] [--version]\n"
         "       apiary [--config PATH] plugins | routes\n"
         "       apiary [--config PATH] <plugin-instance> <command> [args...]\n"
         "  --config PATH     main config file (default /etc/apiary/apiary.json);\n"
         "                    conf.d/*.json beside it is merged in lexical order\n"
         "  --check-config    validate the config and every plugin's section, bind nothing\n"
         "  --port-file PATH  write {\"listener\": port, ...} once serving (for port 0)\n"
         "  plugins           list the enabled plugins as configured (name, version, ABI, mount)\n"
         "  routes            list every route per listener, binding nothing\n"
         "  openapi [--listener NAME]  print the OpenAPI 3.1 document (/openapi.json)\n"
         "  token ...         create|list|revoke|rotate tokens in the credential store\n"
         "  user ...          add|passwd|remove|hash users (passwords on standard input)\n"
         "  <plugin-instance> run that plugin's operator command (e.g. apiary spectra key list)\n";
}

}  // namespace

int main(int argc, char** argv) {
  apiary::Daemon::Options options;
  std::vector<std::string> command;  // first word and its arguments
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::cerr << "apiary: " << name << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--config") {
      options.configPath = value("--config");
    } else if (arg == "--check-config") {
      options.checkOnly = true;
    } else if (arg == "--port-file") {
      options.portFile = value("--port-file");
    } else if (arg == "--version") {
      std::cout << "apiary " << apiary::kApiaryVersion << " (plugin ABI " << APIARY_ABI_MAJOR << "."
                << APIARY_ABI_MINOR << ")\n";
      return 0;
    } else if (arg == "--help" || arg == "-h") {
      usage(std::cout);
      return 0;
    } else if (!arg.empty() && arg[0] != '-') {
      command.assign(argv + i, argv + argc);  // everything after belongs to the command
      break;
    } else {
      std::cerr << "apiary: unknown argument '" << arg << "'\n";
      usage(std::cerr);
      return 2;
    }
  }

  // Block the signals the daemon waits for before any thread exists, so every thread inherits
  // the mask and only the main thread's sigwait sees them. SIGPIPE: a client that hangs up
  // must not kill the process.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  Poco::AutoPtr<apiary::StderrChannel> channel(new apiary::StderrChannel);
  Poco::Logger::root().setChannel(channel);
  Poco::Logger::root().setLevel("information");
  Poco::Net::initializeSSL();
  // `apiary <command> --help` for the host's own commands (a plugin instance gets its own).
  if (command.size() >= 2 && (command[1] == "--help" || command[1] == "-h")) {
    static const std::map<std::string, const char*> help = {
        {"plugins", "usage: apiary [--config PATH] plugins\n  the enabled plugin instances: name, "
                    "plugin, version, ABI, mount, state, path\n"},
        {"routes", "usage: apiary [--config PATH] routes\n  every route per listener: method, "
                   "path, plugin, auth policy, summary (binds nothing)\n"},
        {"openapi", "usage: apiary [--config PATH] openapi [--listener NAME]\n  the OpenAPI 3.1 "
                    "document that /openapi.json serves\n"},
        {"token", "usage: apiary [--config PATH] token create --realm R [--scopes a,b] [--note T]\n"
                  "       apiary token list [--realm R] | revoke --realm R ID | rotate --realm R ID\n"
                  "  secrets are printed once and stored as SHA-256\n"},
        {"user", "usage: apiary [--config PATH] user add|passwd|remove --realm R NAME [--scopes a,b]\n"
                 "       apiary user hash\n  passwords are read from standard input\n"}};
    if (auto it = help.find(command[0]); it != help.end()) {
      std::cout << it->second << "exit codes: 0 success, 1 failure, 2 usage\n";
      return 0;
    }
  }

  int rc = 0;
  {
    apiary::Daemon daemon;
    if (command.empty()) {
      rc = daemon.run(options);
    } else {
      daemon.setQuiet();  // only warnings and errors from the host, so output stays readable
      if (command[0] == "plugins")
        rc = daemon.listPlugins(options.configPath);
      else if (command[0] == "routes")
        rc = daemon.listRoutes(options.configPath);
      else if (command[0] == "openapi")
        rc = daemon.printOpenApi(options.configPath, command);
      else if (command[0] == "token" || command[0] == "user")
        rc = daemon.runCredentialCommand(options.configPath, command);
      else
        rc = daemon.runPluginCommand(options.configPath, command[0],
                                     std::vector<std::string>(command.begin() + 1, command.end()));
    }
  }
  Poco::Net::uninitializeSSL();
  return rc;
}
