#!/usr/bin/env bash
# The customer portal's ticket lists at scale: a SQLite database where one organisation (华信科技有限公司)
# has ORG_TICKETS (default 100,000) tickets among OTHER_TICKETS (default 100,000) of others
# (bench/portal_fill.py), then GET /api/v1/tickets over loopback with wrk at CONCURRENCY (default 8) for
# DURATION (default 20s) each:
#   1. as the organisation's manager (cust.manager): the organisation's newest page, its open tickets, its
#      resolved ones, the third page by cursor — in turn;
#   2. as one requester (cust.huang): "my tickets", newest first.
# Prints p50, p95, p99 (wrk's latency, so server time plus loopback). Bounded: DURATION per run.
# KEEP=1 WORK=DIR keeps the database; REUSE=1 WORK=DIR runs only the requests against it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${TECHDESK_BIN:-$PWD/build/techdesk}
ORG_TICKETS=${ORG_TICKETS:-100000}
OTHER_TICKETS=${OTHER_TICKETS:-100000}
CONCURRENCY=${CONCURRENCY:-8}
DURATION=${DURATION:-20s}
[[ -x $BIN ]] || { echo "build first: make server"; exit 1; }
work=${WORK:-$(mktemp -d)}
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  [[ -n ${KEEP:-} ]] || rm -rf "$work"
}
trap cleanup EXIT
DB="sqlite://$work/portal.db"
mkdir -p bench/results
out="bench/results/portal-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "TechDesk portal lists $(date -u +%FT%TZ) on $(nproc) cores, SQLite, $ORG_TICKETS + $OTHER_TICKETS tickets" | tee "$out"
if [[ -n ${REUSE:-} && -f $work/portal.db ]]; then
  org=$(cat "$work/org")
else
  "$BIN" demo-data --db "$DB" --quiet >/dev/null
  org=$(/usr/bin/python3 bench/portal_fill.py "$work/portal.db" "$ORG_TICKETS" "$OTHER_TICKETS")
  echo "$org" > "$work/org"
fi

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$BIN" serve --db "$DB" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
base="http://127.0.0.1:$port"
login() {
  curl -sf -XPOST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"Demo#2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
manager=$(login cust.manager)
page="/api/v1/tickets?organization=$org&limit=25"
cursor=$(curl -sf -H "Authorization: Bearer $manager" "$base$page" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"])')
cursor=$(curl -sf -H "Authorization: Bearer $manager" "$base$page&cursor=$cursor" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"])')
{
  echo "$page"
  echo "$page&state=new,assigned,in_progress,pending_customer,pending_third_party,reopened"
  echo "$page&state=resolved"
  echo "$page&cursor=$cursor"
} > "$work/manager.txt"
echo "--- organisation manager: org $org lists, $CONCURRENCY connections, $DURATION" | tee -a "$out"
PATHS="$work/manager.txt" TOKEN=$manager wrk -t2 -c"$CONCURRENCY" -d"$DURATION" -s bench/portal.lua "$base" | tee -a "$out"

requester=$(login cust.huang)
me=$(curl -sf -H "Authorization: Bearer $requester" "$base/api/v1/auth/me" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["id"])')
echo "/api/v1/tickets?requester=$me&limit=25" > "$work/requester.txt"
echo "--- requester cust.huang: my tickets, $CONCURRENCY connections, $DURATION" | tee -a "$out"
PATHS="$work/requester.txt" TOKEN=$requester wrk -t2 -c"$CONCURRENCY" -d"$DURATION" -s bench/portal.lua "$base" | tee -a "$out"
echo "server RSS after the runs: $(( $(awk '/VmRSS/ {print $2}' /proc/$server_pid/status) / 1024 )) MB" | tee -a "$out"
