-- wrk script: GET with a bearer token taken round-robin from the file $TOKENS_FILE (one
-- token a line), so that the requests spread over several learners.
local tokens = {}
local i = 0
function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
end
function request()
  i = i % #tokens + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. tokens[i] })
end
