-- wrk script: each request is one line of $PAIRS_FILE ("<token number> <path>", tokens
-- numbered from 1 in $TOKENS_FILE), sent as $METHOD (GET by default) with that token.
-- Thread k of n takes the lines k, k+n, k+2n…, so no two threads send the same line: for
-- writes, a line sent once is one fresh (learner, course) or (learner, lesson) pair. When
-- a thread has sent all its lines it starts over (GET: the same again; POST of a lesson
-- completion: an idempotent repeat; of an enrollment: a 409, counted as an error).
local threads, counter = {}, 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  thread:set("count", 0)
  table.insert(threads, thread)
end
local tokens, lines, i, method = {}, {}, 0, "GET"
function init(args)
  method = os.getenv("METHOD") or "GET"
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  local n, k, at = tonumber(os.getenv("WRK_THREADS") or "1"), id, 0
  for line in io.lines(os.getenv("PAIRS_FILE")) do
    at = at + 1
    if (at - 1) % n == k - 1 then
      local t, path = line:match("^(%d+)%s+(%S+)$")
      if t then lines[#lines + 1] = { tokens[tonumber(t)], path } end
    end
  end
end
function request()
  i = i % #lines + 1
  local l = lines[i]
  return wrk.format(method, l[2], { ["Authorization"] = "Bearer " .. l[1] })
end
