#include "SpellbotSchema.hpp"

namespace spellbot {

std::vector<apiary::Migration> SpellbotSchema::migrations() {
  return {
      {1,
       "SpellBot tables (guilds, channels, games, users, queues, plays, posts, tokens)",
       {
           "CREATE TABLE IF NOT EXISTS guilds ("
           " xid BIGINT PRIMARY KEY,"
           " created_at TIMESTAMP NOT NULL,"
           " updated_at TIMESTAMP NOT NULL,"
           " name VARCHAR(100),"
           " motd VARCHAR(255),"
           " show_links BOOLEAN NOT NULL DEFAULT FALSE,"
           " voice_create BOOLEAN NOT NULL DEFAULT FALSE,"
           " use_max_bitrate BOOLEAN NOT NULL DEFAULT FALSE,"
           " banned BOOLEAN NOT NULL DEFAULT FALSE,"
           " notice VARCHAR(255),"
           " suggest_voice_category VARCHAR(100),"
           " enable_mythic_track BOOLEAN NOT NULL DEFAULT FALSE,"
           " active BOOLEAN NOT NULL DEFAULT TRUE,"
           " locale VARCHAR(10) NOT NULL DEFAULT 'en',"
           " icon VARCHAR(255),"
           " promote BOOLEAN NOT NULL DEFAULT TRUE)",

           "CREATE TABLE IF NOT EXISTS channels ("
           " xid BIGINT PRIMARY KEY,"
           " created_at TIMESTAMP NOT NULL,"
           " updated_at TIMESTAMP NOT NULL,"
           " guild_xid BIGINT NOT NULL REFERENCES guilds(xid) ON DELETE CASCADE,"
           " name VARCHAR(100),"
           " default_seats INTEGER NOT NULL DEFAULT 4,"
           " default_format INTEGER NOT NULL DEFAULT 1,"
           " default_bracket INTEGER NOT NULL DEFAULT 1,"
           " default_service INTEGER NOT NULL DEFAULT 9,"
           " auto_verify BOOLEAN NOT NULL DEFAULT FALSE,"
           " unverified_only BOOLEAN NOT NULL DEFAULT FALSE,"
           " verified_only BOOLEAN NOT NULL DEFAULT FALSE,"
           " voice_invite BOOLEAN NOT NULL DEFAULT FALSE,"
           " delete_expired BOOLEAN NOT NULL DEFAULT FALSE,"
           " blind_games BOOLEAN NOT NULL DEFAULT FALSE,"
           " to_mode BOOLEAN NOT NULL DEFAULT FALSE,"
           " competitive_mode BOOLEAN NOT NULL DEFAULT FALSE,"
           " motd VARCHAR(255),"
           " extra VARCHAR(255),"
           " voice_category VARCHAR(50))",
           "CREATE INDEX IF NOT EXISTS ix_channels_guild_xid ON channels (guild_xid)",

           "CREATE TABLE IF NOT EXISTS users ("
           " xid BIGINT PRIMARY KEY,"
           " created_at TIMESTAMP NOT NULL,"
           " updated_at TIMESTAMP NOT NULL,"
           " name VARCHAR(100) NOT NULL,"
           " banned BOOLEAN NOT NULL DEFAULT FALSE,"
           " is_admin BOOLEAN NOT NULL DEFAULT FALSE,"
           " playgroup_user_id VARCHAR(100),"
           " locale VARCHAR(10))",

           "CREATE TABLE IF NOT EXISTS games ("
           " id INTEGER PRIMARY KEY,"
           " created_at TIMESTAMP NOT NULL,"
           " updated_at TIMESTAMP NOT NULL,"
           " started_at TIMESTAMP,"
           " deleted_at TIMESTAMP,"
           " notified_at TIMESTAMP,"
           " guild_xid BIGINT NOT NULL REFERENCES guilds(xid) ON DELETE CASCADE,"
           " channel_xid BIGINT NOT NULL REFERENCES channels(xid) ON DELETE CASCADE,"
           " voice_xid BIGINT,"
           " seats INTEGER NOT NULL,"
           " status INTEGER NOT NULL DEFAULT 1,"
           " format INTEGER NOT NULL DEFAULT 1,"
           " bracket INTEGER NOT NULL DEFAULT 1,"
           " service INTEGER NOT NULL DEFAULT 9,"
           " game_link VARCHAR(255),"
           " password VARCHAR(255),"
           " voice_invite_link VARCHAR(255),"
           " rules VARCHAR(255),"
           " war_id VARCHAR(36),"
           " war_title VARCHAR(160),"
           " blind BOOLEAN NOT NULL DEFAULT FALSE,"
           " locale VARCHAR(255) NOT NULL DEFAULT 'en',"
           " metadata TEXT)",
           "CREATE INDEX IF NOT EXISTS ix_games_updated_at ON games (updated_at)",
           "CREATE INDEX IF NOT EXISTS ix_games_guild_channel ON games (guild_xid, channel_xid)",
           "CREATE INDEX IF NOT EXISTS ix_games_started_at ON games (started_at)",

           "CREATE TABLE IF NOT EXISTS queues ("
           " user_xid BIGINT NOT NULL REFERENCES users(xid) ON DELETE CASCADE,"
           " game_id INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,"
           " og_guild_xid BIGINT,"
           " PRIMARY KEY (user_xid, game_id))",
           "CREATE INDEX IF NOT EXISTS ix_queues_game_id ON queues (game_id)",

           "CREATE TABLE IF NOT EXISTS plays ("
           " user_xid BIGINT NOT NULL REFERENCES users(xid) ON DELETE CASCADE,"
           " game_id INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,"
           " og_guild_xid BIGINT NOT NULL,"
           " pin VARCHAR(6),"
           " verified_at TIMESTAMP,"
           " created_at TIMESTAMP NOT NULL,"
           " updated_at TIMESTAMP NOT NULL,"
           " PRIMARY KEY (user_xid, game_id))",
           "CREATE INDEX IF NOT EXISTS ix_plays_game_id ON plays (game_id)",

           "CREATE TABLE IF NOT EXISTS posts ("
           " game_id INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,"
           " guild_xid BIGINT NOT NULL,"
           " channel_xid BIGINT NOT NULL,"
           " message_xid BIGINT NOT NULL,"
           " created_at TIMESTAMP NOT NULL,"
           " updated_at TIMESTAMP NOT NULL,"
           " PRIMARY KEY (game_id, guild_xid, channel_xid, message_xid))",

           "CREATE TABLE IF NOT EXISTS tokens ("
           " id INTEGER PRIMARY KEY,"
           " created_at TIMESTAMP NOT NULL,"
           " updated_at TIMESTAMP NOT NULL,"
           " deleted_at TIMESTAMP,"
           " key VARCHAR(255) NOT NULL,"
           " note VARCHAR(255),"
           " scopes VARCHAR(255) NOT NULL DEFAULT '*')",
           "CREATE INDEX IF NOT EXISTS ix_tokens_key ON tokens (key)",
           "CREATE INDEX IF NOT EXISTS ix_tokens_deleted_at ON tokens (deleted_at)",

           "CREATE TABLE IF NOT EXISTS guild_members ("
           " user_xid BIGINT NOT NULL,"
           " guild_xid BIGINT NOT NULL,"
           " PRIMARY KEY (user_xid, guild_xid))",
       }},
      {2,
       "shard heartbeats for deployments without Redis (upstream keeps them in Redis only)",
       {
           "CREATE TABLE IF NOT EXISTS spellbot_shard_status ("
           " shard_id INTEGER NOT NULL,"
           " version VARCHAR(64) NOT NULL,"
           " latency_ms DOUBLE PRECISION,"
           " guild_count INTEGER NOT NULL DEFAULT 0,"
           " is_ready BOOLEAN NOT NULL DEFAULT FALSE,"
           " last_updated VARCHAR(64) NOT NULL,"
           " expires_at_ms BIGINT NOT NULL,"
           " PRIMARY KEY (shard_id, version))",
           "CREATE TABLE IF NOT EXISTS spellbot_shard_metadata ("
           " id INTEGER PRIMARY KEY,"
           " version VARCHAR(64),"
           " shard_count INTEGER NOT NULL DEFAULT 0,"
           " total_guilds INTEGER NOT NULL DEFAULT 0,"
           " last_updated VARCHAR(64),"
           " expires_at_ms BIGINT NOT NULL)",
       }},
  };
}

}  // namespace spellbot
