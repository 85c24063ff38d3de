#!/usr/bin/env bash
# Reproducible load benchmark of TechDesk over loopback (bounded in time and connections).
#   bash bench/run.sh            # defaults: 10 s per scenario, 32 connections, 2 wrk threads
#   DURATION=30s CONNECTIONS=64 bash bench/run.sh
#   BACKEND=postgresql bash bench/run.sh   # against a throw-away PostgreSQL 15 cluster (scripts/pg-temp.sh)
#   NODES=2 bash bench/run.sh              # PostgreSQL, NODES `techdesk serve` nodes and HAProxy (deploy/cluster)
# Prints, per scenario: requests/s, p50 and p99 latency; then start-up time and idle RSS.
# Results are also written to bench/results/<timestamp>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${TECHDESK_BIN:-$PWD/build/techdesk}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18181}
command -v wrk >/dev/null || { echo "wrk is missing: run 'make deps'"; exit 1; }
[[ -x $BIN ]] || { echo "no server binary at $BIN: run 'make server'"; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
server_pid=""
pg_dir=""
NODES=${NODES:-}
cluster_env=()
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  [[ -n $pg_dir ]] && scripts/pg-temp.sh stop "$pg_dir"
  [[ -n $NODES ]] && env "${cluster_env[@]}" deploy/cluster down >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
BACKEND=${BACKEND:-sqlite}
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
if [[ -n $NODES ]]; then
  BACKEND=postgresql
  node_ports=""
  for ((i = 0; i < NODES; i++)); do node_ports+="$(free_port) "; done
  cluster_env=(TECHDESK_CLUSTER_DIR="$work/cluster" TECHDESK_BIN="$BIN" TECHDESK_WEB_ROOT= PG_PORT="$(free_port)"
    NODE_PORTS="$node_ports" LB_PORT="$PORT" LB_STATS_PORT="$(free_port)")
  env "${cluster_env[@]}" deploy/cluster up >"$work/cluster.log" 2>&1 || { cat "$work/cluster.log"; exit 1; }
  DB=$(sed -n 's/^TECHDESK_DB=//p' "$work/cluster/db.env")
elif [[ $BACKEND == postgresql ]]; then
  eval "$(scripts/pg-temp.sh start)"
  pg_dir=$TECHDESK_TEST_PG_DIR
  DB="$TECHDESK_TEST_PG_URL${PG_POOL:+?pool=$PG_POOL}"
else
  DB="sqlite://$work/bench.db"
fi
mkdir -p bench/results
out="bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt"

"$BIN" migrate --db "$DB" >/dev/null
"$BIN" admin create-org --db "$DB" --name 基准测试公司 --kind external >/dev/null
"$BIN" admin create-user --db "$DB" --login bench.agent --password 'Bench#2026pw' --role admin --name 压测 >/dev/null

# Start-up: from exec to the first 200 on /healthz (one node; a cluster's nodes are already up).
if [[ -z $NODES ]]; then
  start_ns=$(date +%s%N)
  "$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT ${SERVE_ARGS:-} >"$work/server.log" 2>&1 &
  server_pid=$!
  until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.005; done
  ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
  sleep 1
  rss_idle_kb=$(awk '/VmRSS/ {print $2}' /proc/$server_pid/status)
fi

TOKEN=$(curl -sf -XPOST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"login":"bench.agent","password":"Bench#2026pw"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
export TOKEN

summarise() {  # name, wrk output file
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$2")
  p50=$(awk '$1=="50%" {print $2}' "$2")
  p99=$(awk '$1=="99%" {print $2}' "$2")
  non2xx=$(awk '/Non-2xx/ {print $4}' "$2")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0}" | tee -a "$out"
}

what=$BACKEND
[[ -n $NODES ]] && what="$BACKEND, $NODES nodes behind HAProxy"
echo "TechDesk benchmark $(date -u +%FT%TZ) on $(nproc) cores, $what; wrk -t$THREADS -c$CONNECTIONS -d$DURATION" | tee "$out"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/create_ticket.lua \
  "http://127.0.0.1:$PORT/api/v1/tickets" >"$work/create.txt"
summarise "POST /api/v1/tickets" "$work/create.txt"

export MAX_ID=$(curl -sf "http://127.0.0.1:$PORT/api/v1/tickets?limit=1" -H "Authorization: Bearer $TOKEN" |
  sed -E 's/^\{"items":\[\{"id":([0-9]+).*/\1/')
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/get_ticket.lua \
  "http://127.0.0.1:$PORT" >"$work/get.txt"
summarise "GET /api/v1/tickets/{id}" "$work/get.txt"

echo "tickets created: $MAX_ID" | tee -a "$out"
if [[ -z $NODES ]]; then
  rss_after_kb=$(awk '/VmRSS/ {print $2}' /proc/$server_pid/status)
  echo "start to healthy: ${ready_ms} ms (includes curl polling every 5 ms)" | tee -a "$out"
  echo "RSS idle after start: $((rss_idle_kb / 1024)) MB; after the load: $((rss_after_kb / 1024)) MB" | tee -a "$out"
  grep -E "error" "$work/server.log" | head -5 || true
fi
echo "written to $out"
