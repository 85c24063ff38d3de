#!/usr/bin/env bash
# Live-update fan-out: CLIENTS (default 1000) Server-Sent Events streams on one `techdesk serve` node
# (fresh SQLite file), EVENTS (default 100) tickets created INTERVAL_MS (default 100) apart; prints how
# long each event took to reach every stream (median, p99, max). Loopback only, bounded: at most
# CLIENTS connections and EVENTS writes, and the reader gives up 10 s after the last write.
#   bash bench/sse.sh
#   CLIENTS=2000 EVENTS=50 bash bench/sse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${TECHDESK_BIN:-$PWD/build/techdesk}
TOOL=${SSE_FANOUT:-$PWD/build/bench/sse_fanout}
CLIENTS=${CLIENTS:-1000}
EVENTS=${EVENTS:-100}
INTERVAL_MS=${INTERVAL_MS:-100}
[[ -x $BIN && -x $TOOL ]] || { echo "build first: make server (needs $BIN and $TOOL)"; exit 1; }
ulimit -n $((CLIENTS + 1024)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
DB="sqlite://$work/sse.db"
"$BIN" migrate --db "$DB" >/dev/null
"$BIN" admin create-user --db "$DB" --login bench.agent --password 'Bench#2026pw' --role admin --name 压测 >/dev/null
"$BIN" serve --db "$DB" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.01; done
TOKEN=$(curl -sf -XPOST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"login":"bench.agent","password":"Bench#2026pw"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')

mkdir -p bench/results
out="bench/results/sse-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "TechDesk live fan-out $(date -u +%FT%TZ) on $(nproc) cores, SQLite, one node" | tee "$out"
status=0
"$TOOL" --port "$port" --token "$TOKEN" --clients "$CLIENTS" --events "$EVENTS" --interval-ms "$INTERVAL_MS" |
  tee -a "$out" || status=$?
echo "server RSS with $CLIENTS streams open: $(( $(awk '/VmRSS/ {print $2}' /proc/$server_pid/status) / 1024 )) MB" |
  tee -a "$out"
grep -iE "error|dropped" "$work/server.log" | head -5 || true
exit $status
