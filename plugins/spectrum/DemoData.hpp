// Development data ("demo": true): on a first start with no project, one demo project whose id
// and secret are logged once, a small number pool, one line and two users.
#pragma once

#include "LineStore.hpp"
#include "ProjectCredentials.hpp"
#include "UserStore.hpp"

#include <apiary/logger.hpp>

namespace spectrum {

class DemoData {
 public:
  static void seedIfEmpty(const ProjectStore& projects, const ProjectCredentials& credentials,
                          const LineStore& lines, const UserStore& users,
                          const apiary::Logger& log);
};

}  // namespace spectrum
