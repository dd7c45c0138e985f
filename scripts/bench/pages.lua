-- wrk script: GET $PAGES_PATH with `&page=N` appended, N going round 1…$PAGES (default 100)
-- with each thread on pages of its own (thread k of n: k, k+n, k+2n…): at 64 connections
-- the requests in flight ask for different pages, so none shares another's computation
-- (ADR 0066). The row shows what a catalog page costs when nothing is shared.
local threads, counter = {}, 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
local path, pages, n, page = "/", 100, 1, 0
function init(args)
  path = os.getenv("PAGES_PATH")
  pages = tonumber(os.getenv("PAGES") or "100")
  n = tonumber(os.getenv("WRK_THREADS") or "1")
  page = id - n
end
function request()
  page = page + n
  if page > pages then page = id end
  return wrk.format("GET", path .. "&page=" .. page)
end
