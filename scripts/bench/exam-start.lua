-- wrk script: POST /api/v1/exams/level/start as the learners of $TOKENS_FILE (one token a
-- line; the learners `practicum seed-load --questions N` placed on its level-exam track).
--
-- A learner may hold one open attempt, so every start is followed by that learner's
-- submit of the attempt, answering the first option of every question (never the correct
-- one in the generated bank: the attempt fails and the learner may start again). Thread k
-- of n takes the tokens k, k+n, k+2n…; a learner is used by one request at a time. The
-- answer to a start names its learner through the echoed `x-request-id`. With at least as
-- many learners per thread as connections per thread, every request is a valid one
-- (otherwise a connection with no free learner sends GET /health/live, counted apart).
--
-- wrk's own figures mix starts and submits. The script also times each start itself
-- (CLOCK_MONOTONIC around the request, as wrk does) and prints, after wrk's report, a
-- section "Exam starts" with their count, rate, non-2xx answers and latency percentiles
-- in wrk's format; scripts/bench.sh reads its row from that section.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } exam_timespec;
  int clock_gettime(int clk, exam_timespec *tp);
]]
local ts = ffi.new("exam_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local threads, counter = {}, 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local tokens = {}   -- this thread's learners
local idle = {}     -- learners with no request in flight and no open attempt
local submits = {}  -- submits to send: { learner, attempt id, body }
local sent = {}     -- learner -> start time (µs) of its start in flight
starts, start_errors, other_errors, waits, stuck, latencies = 0, 0, 0, 0, 0, {}

function init(args)
  local n, k, at = tonumber(os.getenv("WRK_THREADS") or "1"), id, 0
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    if #line > 0 then
      at = at + 1
      if (at - 1) % n == k - 1 then tokens[#tokens + 1] = line end
    end
  end
  for i = 1, #tokens do idle[#idle + 1] = i end
end

local verified = false
function request()
  -- wrk calls the first thread's request() once before the run to check the request
  -- (script_verify_request) and never sends it: that call takes no learner.
  if id == 1 and not verified then
    verified = true
    return wrk.format("POST", "/api/v1/exams/level/start")
  end
  if #submits > 0 then
    local s = table.remove(submits, 1)
    return wrk.format("POST", "/api/v1/exams/level/" .. s[2] .. "/submit", {
      ["Authorization"] = "Bearer " .. tokens[s[1]],
      ["Content-Type"] = "application/json",
      ["X-Request-Id"] = "submit-" .. s[1],
    }, s[3])
  end
  local learner = table.remove(idle, 1)
  if not learner then
    -- Every learner of this thread is busy (more connections than learners).
    waits = waits + 1
    return wrk.format("GET", "/health/live")
  end
  sent[learner] = now_us()
  return wrk.format("POST", "/api/v1/exams/level/start", {
    ["Authorization"] = "Bearer " .. tokens[learner],
    ["X-Request-Id"] = "start-" .. learner,
  })
end

-- The submit body of a start's answer: the first option of every question.
local function wrong_answers(body)
  local answers, pos = {}, 1
  while true do
    local _, e, q = body:find('"question_id":(%d+)', pos)
    if not e then break end
    local _, e2, o = body:find('"option_id":(%d+)', e)
    if not e2 then break end
    answers[#answers + 1] = '{"question_id":' .. q .. ',"option_id":' .. o .. '}'
    pos = e2 + 1
  end
  return '{"answers":[' .. table.concat(answers, ",") .. ']}'
end

function response(status, headers, body)
  local rid = headers["x-request-id"] or headers["X-Request-Id"] or ""
  local kind, learner = rid:match("^(%a+)-(%d+)$")
  learner = tonumber(learner)
  if kind == "start" and learner then
    local took = now_us() - sent[learner]
    local attempt = body:match('"attempt_id":(%d+)')
    if status == 201 and attempt then
      latencies[#latencies + 1] = took
      starts = starts + 1
      submits[#submits + 1] = { learner, attempt, wrong_answers(body) }
    elseif status == 409 then
      -- An attempt left open when an earlier run stopped between a start and its
      -- submit: this learner sits the run out (not an error of the route, not timed).
      stuck = stuck + 1
    else
      latencies[#latencies + 1] = took
      starts = starts + 1
      start_errors = start_errors + 1
      idle[#idle + 1] = learner
    end
  elseif kind == "submit" and learner then
    if status ~= 200 then other_errors = other_errors + 1 end
    idle[#idle + 1] = learner
  elseif status > 399 then
    other_errors = other_errors + 1
  end
end

local function fmt(us)
  if us >= 1000000 then return string.format("%.2fs", us / 1000000) end
  if us >= 1000 then return string.format("%.2fms", us / 1000) end
  return string.format("%.2fus", us)
end

function done(summary, latency, requests)
  local all, n, errors, others, w, st = {}, 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    n = n + t:get("starts")
    errors = errors + t:get("start_errors")
    others = others + t:get("other_errors")
    w = w + t:get("waits")
    st = st + t:get("stuck")
    for _, v in ipairs(t:get("latencies")) do all[#all + 1] = v end
  end
  table.sort(all)
  io.write("Exam starts\n")
  io.write(string.format("  Starts: %d, non-2xx starts: %d, failed submits or others: %d, " ..
    "GET /health/live while every learner was busy: %d, learners left out (an attempt open " ..
    "from an earlier run): %d\n", n, errors, others, w, st))
  io.write("  Latency Distribution\n")
  for _, p in ipairs({ 50, 75, 90, 99 }) do
    local v = #all > 0 and all[math.max(1, math.ceil(#all * p / 100))] or 0
    io.write(string.format("  %3d%% %10s\n", p, fmt(v)))
  end
  io.write(string.format("Requests/sec: %10.2f\n", n / (summary.duration / 1000000)))
  io.write(string.format("Non-2xx or 3xx responses: %d\n", errors + others))
end
