-- wrk script: GET /api/v1/tickets/{id} for random ids of existing tickets (env TOKEN, MAX_ID).
local token = os.getenv("TOKEN")
local max_id = tonumber(os.getenv("MAX_ID")) or 1
wrk.headers["Authorization"] = "Bearer " .. token
math.randomseed(42)

request = function()
  return wrk.format("GET", "/api/v1/tickets/" .. math.random(1, max_id))
end
