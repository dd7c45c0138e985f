-- wrk script: like forward.lua, but every thread stops after COUNT responses in all
-- (run it with -t1 so that COUNT is exact up to the connections still in flight).
dofile(os.getenv("FORWARD_LUA") or "scripts/bench/forward.lua")
local limit = tonumber(os.getenv("COUNT") or "1000")
local seen = 0
local failed = 0
function response(status, headers, body)
  seen = seen + 1
  if status ~= 200 then failed = failed + 1 end
  if seen >= limit then wrk.thread:stop() end
end
function done(summary, latency, requests)
  io.write(string.format("responses %d\n", summary.requests))
end
