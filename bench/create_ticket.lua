-- wrk script: POST /api/v1/tickets with a bearer token (env TOKEN) and a realistic Chinese body.
local token = os.getenv("TOKEN")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

request = function()
  n = n + 1
  local body = string.format(
    '{"subject":"三楼财务部打印机卡纸无法打印 #%d","description":"惠普 LaserJet M403d 从上午开始频繁卡纸，已尝试重新装纸，仍提示纸张卡住。","impact":"medium","urgency":"high","channel":"phone"}',
    n)
  return wrk.format(nil, nil, nil, body)
end
