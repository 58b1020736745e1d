// The host function table handed to plugins (apiary_host_api), and the casts between the ABI's
// opaque handles and the host classes behind them.
#pragma once

#include <apiary/abi.h>

namespace apiary {

class AuthResultData;
class ErrorSink;
class HostRequest;
class HostResponse;
class Mount;
class PluginInstance;

class HostApi {
 public:
  static const apiary_host_api* table();
  static const apiary_host_info* info();
  // The output handle for run_command: stream 1 is stdout, 2 stderr.
  static apiary_output* commandOutput();

  static apiary_error* toAbi(ErrorSink* e) { return reinterpret_cast<apiary_error*>(e); }
  static apiary_router* toAbi(Mount* m) { return reinterpret_cast<apiary_router*>(m); }
  static apiary_plugin_ctx* toAbi(PluginInstance* p) {
    return reinterpret_cast<apiary_plugin_ctx*>(p);
  }
  static const apiary_request* toAbi(const HostRequest* r) {
    return reinterpret_cast<const apiary_request*>(r);
  }
  static apiary_response* toAbi(HostResponse* r) { return reinterpret_cast<apiary_response*>(r); }
  static apiary_auth_result* toAbi(AuthResultData* r) {
    return reinterpret_cast<apiary_auth_result*>(r);
  }
};

}  // namespace apiary
