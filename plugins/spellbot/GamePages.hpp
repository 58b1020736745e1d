// The game record pages: GET /g/{guild}/c/{channel} (games of a channel, 10 per page),
// GET /g/{guild}/u/{user} (a user's games in a guild, 25 per page, the seed's route) and
// GET /u/{user} (a user's games in every guild, upstream's newer route). Upstream's classic
// 404 rules, its later filters (with_player, formats, brackets, from, to, sort, dir, guild)
// and timezone cookies.
#pragma once

#include "SpellbotStore.hpp"

#include <apiary/clock.hpp>
#include <apiary/router.hpp>

namespace spellbot {

class GamePages {
 public:
  static constexpr int64_t kChannelPageSize = 10;
  static constexpr int64_t kUserPageSize = 25;

  explicit GamePages(SpellbotStore store) : store_(store) {}

  void add(apiary::Router& router);

  apiary::Response channelPage(const apiary::Request& request) const;
  apiary::Response guildUserPage(const apiary::Request& request) const;
  apiary::Response userPage(const apiary::Request& request) const;

 private:
  enum class Kind { Channel, GuildUser, User };
  struct View;

  // Reads page and filters; false when page is not an int (404).
  bool readQuery(const apiary::Request& request, Kind kind, View& view) const;
  std::string render(const View& view) const;

  SpellbotStore store_;
};

}  // namespace spellbot
