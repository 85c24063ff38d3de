#!/usr/bin/env bash
# Reports at scale: a SQLite database with TICKETS (default 1,000,000) tickets over two years, each with its
# facts, SLA record and (one in five resolved) a survey (bench/reports_fill.py), then over loopback with wrk
# (one connection, DURATION each, default 15s) as the manager:
#   1. the department's KPI summary for one month (the last full month),
#   2. the same for a year (the last 365 days),
#   3. one month grouped by team,
#   4. the manager's dashboard for one month,
#   5. a page of the tickets behind "resolved" for one month;
# then, on a freshly started server, one XLSX export of the tickets behind "new" for ~100,000 rows (time and
# the server's peak RSS, which counts the database pages it maps).
# Prints p50, p99 (wrk's latency). KEEP=1 WORK=DIR keeps the database; REUSE=1 WORK=DIR reuses it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${TECHDESK_BIN:-$PWD/build/techdesk}
TICKETS=${TICKETS:-1000000}
DURATION=${DURATION:-15s}
[[ -x $BIN ]] || { echo "build first: make server"; exit 1; }
work=${WORK:-$(mktemp -d)}
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  [[ -n ${KEEP:-} ]] || rm -rf "$work"
}
trap cleanup EXIT
DB="sqlite://$work/reports.db"
mkdir -p bench/results
out="bench/results/reports-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "TechDesk reports $(date -u +%FT%TZ) on $(nproc) cores, SQLite, $TICKETS tickets" | tee "$out"
if [[ -z ${REUSE:-} || ! -f $work/reports.db ]]; then
  "$BIN" demo-data --db "$DB" --quiet >/dev/null
  /usr/bin/python3 bench/reports_fill.py "$work/reports.db" "$TICKETS"
fi
ls -l "$work/reports.db" | awk '{printf "database: %.0f MB\n", $5/1048576}' | tee -a "$out"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$BIN" serve --db "$DB" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
base="http://127.0.0.1:$port"
token=$(curl -sf -XPOST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"login":"manager.zhou","password":"Demo#2026"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
month_from=$(date -d "$(date +%Y-%m-01) -1 month" +%F)
month_to=$(date +%Y-%m-01)
year_from=$(date -d "-365 days" +%F)
year_to=$(date +%F)
run() {
  echo "--- $1" | tee -a "$out"
  curl -sf -o /dev/null -H "Authorization: Bearer $token" "$base$2" || { echo "request failed: $2"; exit 1; }
  cat > "$work/req.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
  wrk -t1 -c1 -d"$DURATION" --timeout 20s --latency -s "$work/req.lua" "$base$2" | grep -E "Latency  |50%|99%|Requests/sec" | tee -a "$out"
}
run "KPI summary, one month ($month_from … $month_to)" "/api/v1/reports/kpis?from=$month_from&to=$month_to"
run "KPI summary, one year ($year_from … $year_to)" "/api/v1/reports/kpis?from=$year_from&to=$year_to"
run "KPIs of one month by team" "/api/v1/reports/kpis?from=$month_from&to=$month_to&group_by=team"
run "manager's dashboard, one month" "/api/v1/reports/dashboard/manager?from=$month_from&to=$month_to"
run "drill-down page: resolved in one month" "/api/v1/reports/tickets?from=$month_from&to=$month_to&measure=resolved&limit=50"
x_from=$(date -d "$month_from -45 days" +%F)
# The export's memory on its own: a fresh server process (the KPI requests above map half the database).
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
"$BIN" serve --db "$DB" --listen "127.0.0.1:$port" >>"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf "$base/healthz" >/dev/null; do sleep 0.05; done
echo "--- XLSX export: tickets created $x_from … $month_to (fresh server)" | tee -a "$out"
rss_before=$(awk '/VmHWM/ {print $2}' /proc/$server_pid/status)
/usr/bin/time -f "%e s" curl -sf -o "$work/export.xlsx" -H "Authorization: Bearer $token" \
  "$base/api/v1/reports/tickets.xlsx?from=$x_from&to=$month_to&measure=new" 2>&1 | tee -a "$out"
rows=$(unzip -p "$work/export.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)
rss_after=$(awk '/VmHWM/ {print $2}' /proc/$server_pid/status)
echo "rows: $((rows - 1)), file $(stat -c %s "$work/export.xlsx") bytes, server peak RSS ${rss_before} kB -> ${rss_after} kB" | tee -a "$out"
