-- wrk script for bench/search.sh: GET /api/v1/search with the judged queries of tests/search/judgments.json
-- (one per line in the file named by QUERIES), in turn; prints p50, p95 and p99 at the end.
local queries = {}
local counter = 0

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

init = function(args)
  for line in io.lines(os.getenv("QUERIES")) do
    if #line > 0 then queries[#queries + 1] = "/api/v1/search?limit=20&q=" .. urlencode(line) end
  end
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end

request = function()
  counter = counter + 1
  return wrk.format("GET", queries[(counter % #queries) + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("search: %d requests, %d errors (non-2xx %d)\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("  p%d %.1f ms\n", p, latency:percentile(p) / 1000.0))
  end
  io.write(string.format("  max %.1f ms, mean %.1f ms\n", latency.max / 1000.0, latency.mean / 1000.0))
end
