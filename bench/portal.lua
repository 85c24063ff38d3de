-- wrk script for bench/portal.sh: the portal's ticket lists, in turn — the organisation's newest page, its
-- open tickets, its resolved ones waiting for confirmation, a later page by cursor (PAGES, one per line in
-- the file named by PATHS) — as the user whose TOKEN is given; prints p50, p95 and p99 at the end.
local paths = {}
local counter = 0

init = function(args)
  for line in io.lines(os.getenv("PATHS")) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("%d requests, %d errors (non-2xx %d), %.0f requests/s\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("  p%d %.1f ms\n", p, latency:percentile(p) / 1000.0))
  end
  io.write(string.format("  max %.1f ms, mean %.1f ms\n", latency.max / 1000.0, latency.mean / 1000.0))
end
