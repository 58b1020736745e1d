// SpellBot's table layout (upstream src/spellbot/models/*.py) as plugin migrations, plus the
// plugin's own shard heartbeat tables for deployments without Redis. Portable SQL;
// CREATE ... IF NOT EXISTS so an existing SpellBot database keeps its tables untouched.
#pragma once

#include <apiary/database.hpp>

#include <vector>

namespace spellbot {

class SpellbotSchema {
 public:
  static std::vector<apiary::Migration> migrations();
};

}  // namespace spellbot
