-- wrk script for bench/routes.sh: POST /hello/{name}/visits, one write transaction per request.
--
--   wrk ... -s bench/post.lua http://127.0.0.1:PORT/hello/bench/visits -- same
--   wrk ... -s bench/post.lua http://127.0.0.1:PORT/ -- distinct TAG
--
-- same:     every request POSTs the URL's path (all requests update the same row).
-- distinct: every request POSTs /hello/w<TAG>t<thread>n<counter>/visits, a name no request
--           used before (an INSERT of a new row each time). TAG ([A-Za-z0-9]) keeps the names
--           of different runs apart; the host allows names of up to 64 characters.
--
-- Both modes go through request() (so both pay the same Lua cost in wrk), send an empty body
-- with "Content-Length: 0", and count the answers per HTTP status. After the run it prints
-- report.lua's line, then:
--
--   apiary-bench-status 200=N [503=N ...]
--
-- (wrk itself only counts "non-2xx/3xx" as err_status; this line says which statuses.)

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")
local report_done = done

wrk.method = "POST"
wrk.body = ""  -- wrk.format() then sends Content-Length: 0

-- main Lua state: number the threads, keep them for done()
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

-- per-thread Lua state from here on
local mode, tag, fixed, counter = "same", "x", nil, 0
statuses = {}  -- global: done() reads it through thread:get

function init(args)
  mode = args[1] or "same"
  tag = args[2] or "x"
  if mode ~= "same" and mode ~= "distinct" then
    error("post.lua: mode must be 'same' or 'distinct', got '" .. tostring(mode) .. "'")
  end
  if not tag:match("^[A-Za-z0-9]+$") then error("post.lua: TAG must be [A-Za-z0-9]+") end
  fixed = wrk.format()
end

function request()
  if mode == "same" then return fixed end
  counter = counter + 1
  return wrk.format(nil, string.format("/hello/w%st%dn%d/visits", tag, thread_id, counter))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  report_done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do
      total[status] = (total[status] or 0) + n
    end
  end
  local codes = {}
  for status in pairs(total) do table.insert(codes, status) end
  table.sort(codes)
  local parts = {}
  for _, status in ipairs(codes) do
    table.insert(parts, string.format("%d=%d", status, total[status]))
  end
  io.write("apiary-bench-status " .. table.concat(parts, " ") .. "\n")
end
