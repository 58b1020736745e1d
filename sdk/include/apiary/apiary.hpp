// Convenience include: the whole C++ SDK.
#pragma once

#include <apiary/clock.hpp>
#include <apiary/config.hpp>
#include <apiary/database.hpp>
#include <apiary/http_client.hpp>
#include <apiary/http_error.hpp>
#include <apiary/logger.hpp>
#include <apiary/metrics.hpp>
#include <apiary/plugin.hpp>
#include <apiary/request.hpp>
#include <apiary/response.hpp>
#include <apiary/route_pattern.hpp>
#include <apiary/router.hpp>
#include <apiary/timers.hpp>
#include <apiary/websocket.hpp>
