#!/usr/bin/env bash
# Search at scale: a SQLite database of TICKETS (default 1,000,000) tickets with 1–3 articles each and
# ARTICLES (default 10,000) knowledge articles (bench/search_fill.py, texts from the demo corpus), then
#   1. `techdesk reindex` — tickets/s, index size against the database's size;
#   2. GET /api/v1/search over loopback with wrk at CONCURRENCY (default 8) for DURATION (default 30s),
#      the judged queries of tests/search/judgments.json in turn, as a manager (every ticket visible) and
#      as a requester (one organisation's tickets, public articles) — p50, p95, p99.
# Bounded: DURATION per run, loopback only. TICKETS=100000 ARTICLES=1000 bash bench/search.sh for a quick one;
# KEEP=1 WORK=DIR keeps the database, and REUSE=1 WORK=DIR runs only the queries against it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${TECHDESK_BIN:-$PWD/build/techdesk}
TICKETS=${TICKETS:-1000000}
ARTICLES=${ARTICLES:-10000}
CONCURRENCY=${CONCURRENCY:-8}
DURATION=${DURATION:-30s}
[[ -x $BIN ]] || { echo "build first: make server"; exit 1; }
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  [[ -n ${KEEP:-} ]] || rm -rf "$work"
}
trap cleanup EXIT
DB="sqlite://$work/search.db"
mkdir -p bench/results
out="bench/results/search-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "TechDesk search $(date -u +%FT%TZ) on $(nproc) cores, SQLite, $TICKETS tickets, $ARTICLES articles" | tee "$out"

if [[ -n ${REUSE:-} && -f $work/search.db ]]; then
  echo "reusing $work/search.db (no fill, no reindex)" | tee -a "$out"
else
  "$BIN" demo-data --db "$DB" --quiet >/dev/null
  /usr/bin/python3 bench/search_fill.py "$work/search.db" "$TICKETS" "$ARTICLES" | tee -a "$out"
  "$BIN" reindex --db "$DB" | tee -a "$out"
fi
echo "database file: $(( $(stat -c %s "$work/search.db") / 1048576 )) MiB" | tee -a "$out"

/usr/bin/python3 -c 'import json; [print(q["q"]) for q in json.load(open("tests/search/judgments.json"))["queries"]]' \
  > "$work/queries.txt"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$BIN" serve --db "$DB" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
login() {
  curl -sf -XPOST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"Demo#2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
for who in manager.zhou cust.huang; do
  echo "--- as $who, $CONCURRENCY connections, $DURATION" | tee -a "$out"
  QUERIES="$work/queries.txt" TOKEN=$(login $who) \
    wrk -t2 -c"$CONCURRENCY" -d"$DURATION" -s bench/search.lua "http://127.0.0.1:$port" | tee -a "$out"
done
echo "server RSS after the runs: $(( $(awk '/VmRSS/ {print $2}' /proc/$server_pid/status) / 1024 )) MB" | tee -a "$out"
