// What every request on one listener shares: its name, limits and the current route table.
// The table pointer is swapped atomically (reload); a request keeps the table it started with.
#pragma once

#include "HostConfig.h"
#include "RouteTable.h"

#include <atomic>
#include <memory>

namespace apiary {

class ListenerContext {
 public:
  ListenerContext(ListenerConfig config, bool accessLog)
      : config_(std::move(config)), accessLog_(accessLog) {}

  const ListenerConfig& config() const { return config_; }
  bool accessLog() const { return accessLog_; }

  std::shared_ptr<const RouteTable> routes() const { return routes_.load(); }
  void setRoutes(std::shared_ptr<const RouteTable> table) { routes_.store(std::move(table)); }

 private:
  ListenerConfig config_;
  bool accessLog_;
  std::atomic<std::shared_ptr<const RouteTable>> routes_{std::make_shared<const RouteTable>()};
};

}  // namespace apiary
