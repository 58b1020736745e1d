// Shared fixtures of the spellbot unit tests: a FakeHost with the plugin, a scripted
// "bearer:spellbot" authenticator and a small SpellBot database.
#pragma once

#include "SpellbotPlugin.hpp"

#include <apiary/testing/fake_host.hpp>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace spellbot::test {

using Json = nlohmann::ordered_json;
using Headers = apiary::testing::FakeHost::Headers;

// Tokens the scripted authenticator knows: "good" (scope game), "star" (*), "other" (scope
// other); any other bearer token is invalid; no or a non-Bearer header is no credentials.
apiary::testing::FakeHost makeHost(const std::string& config = "{}");
Headers bearer(const std::string& token);

// Guilds 1 (mythic track, icon), 2 (no icon, ja), 3 (banned), 4 (not promoted); channels 10,
// 20, 30, 40; users 100-104; games 1 (started 30 min ago, plays 100-103 with pins 1111xx),
// 2 (pending, 2 queued), 3 (pending, empty), 4 (banned guild), 5 (hidden guild), 6 (started
// 3 h ago), 7 (deleted), 8 (pending, no post), 9 (pending with plays, not started).
void seed(apiary::testing::FakeHost& host);

// "YYYY-MM-DD HH:MM:SS.000000" minutes before the fake host's start (2026-01-01T00:00:00Z).
std::string minutesAgo(int64_t minutes);

Json parse(const std::string& body);

}  // namespace spellbot::test
