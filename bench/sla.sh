#!/usr/bin/env bash
# SLA engine figures (bounded in time, local only):
#   1. one scheduler pass with 100,000 open tickets (nothing due; then a batch due every pass),
#   2. the catch-up after a month of downtime (all 100,000 due at once),
#   3. `techdesk sla recompute` over 1,000,000 open tickets after a calendar change, with its progress bar.
#   bash bench/sla.sh                    # SQLite
#   BACKEND=postgresql bash bench/sla.sh # a throw-away PostgreSQL 15 cluster
#   OPEN=20000 TOTAL=200000 bash bench/sla.sh   # smaller
#   RUNS=5 bash bench/sla.sh             # the SQLite recomputation five times (default three)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${TECHDESK_BIN:-$PWD/build/techdesk}
BENCH=${SLA_BENCH:-$PWD/build/bench/sla_bench}
OPEN=${OPEN:-100000}
TOTAL=${TOTAL:-1000000}
[[ -x $BENCH && -x $BIN ]] || { echo "build first: make server"; exit 1; }
work=$(mktemp -d)
chmod 755 "$work"
pg_dir=""
cleanup() {
  [[ -n $pg_dir ]] && scripts/pg-temp.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT
BACKEND=${BACKEND:-sqlite}
db() {
  if [[ $BACKEND == postgresql ]]; then
    psql "$TECHDESK_TEST_PG_URL" -qc "CREATE DATABASE $1" >/dev/null
    echo "${TECHDESK_TEST_PG_URL%/*}/$1"
  else
    echo "sqlite://$work/$1.db"
  fi
}
if [[ $BACKEND == postgresql ]]; then
  eval "$(scripts/pg-temp.sh start)"
  pg_dir=$TECHDESK_TEST_PG_DIR
fi
mkdir -p bench/results
out="bench/results/sla-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "TechDesk SLA benchmark $(date -u +%FT%TZ) on $(nproc) cores, $BACKEND" | tee "$out"

OPEN_DB=$(db open_tickets)
echo "--- filling $OPEN open tickets" | tee -a "$out"
"$BENCH" fill --db "$OPEN_DB" --tickets "$OPEN" --open-share 1
"$BENCH" passes --db "$OPEN_DB" --passes 50 | tee -a "$out"
"$BENCH" catchup --db "$OPEN_DB" | tee -a "$out"

BIG_DB=$(db million)
echo "--- filling $TOTAL open tickets" | tee -a "$out"
"$BENCH" fill --db "$BIG_DB" --tickets "$TOTAL" --open-share 1 --before-lunch
"$BENCH" change-calendar --db "$BIG_DB" | tee -a "$out"
echo "--- techdesk sla recompute over $TOTAL open tickets after the calendar change" | tee -a "$out"
# The fill's writes are flushed first (the kernel writing them back meanwhile cost the recomputation
# 2 s). On SQLite the run is repeated RUNS times, each on a fresh copy of the changed database.
RUNS=${RUNS:-3}
if [[ $BACKEND == sqlite ]]; then
  cp "$work/million.db" "$work/changed.db"
  for ((run = 1; run <= RUNS; run++)); do
    [[ $run -gt 1 ]] && cp "$work/changed.db" "$work/million.db" && rm -f "$work/million.db-wal" "$work/million.db-shm"
    sync
    "$BIN" sla recompute --db "$BIG_DB" $([[ $run -gt 1 ]] && echo --quiet) | tee -a "$out"
  done
  rm -f "$work/changed.db"
else
  sync
  "$BIN" sla recompute --db "$BIG_DB" | tee -a "$out"
fi
echo "--- the same again, nothing changed since" | tee -a "$out"
"$BIN" sla recompute --db "$BIG_DB" --quiet | tee -a "$out"
echo "written to $out"
