#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster on loopback for tests, in a temporary folder, run as an
# unprivileged user (initdb refuses root).
#   eval "$(scripts/pg-temp.sh start)"   # exports TECHDESK_TEST_PG_URL, TECHDESK_TEST_PG_DIR
#   scripts/pg-temp.sh stop "$TECHDESK_TEST_PG_DIR"
# The URL names a superuser-free role `techdesk` that owns database `techdesk` and may create
# databases (the test suites make one fresh database per test).
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  start)
    [[ -x $PGBIN/initdb ]] || { echo "PostgreSQL 15 is missing ($PGBIN): run 'make deps'" >&2; exit 1; }
    dir=$(mktemp -d /tmp/techdesk-pg-XXXXXX)
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    port=$(free_port)
    as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 128MB
fsync = on
synchronous_commit = on
log_min_messages = warning
CONF
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    as_pg psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE techdesk LOGIN PASSWORD 'techdesk' CREATEDB" \
      -c "CREATE DATABASE techdesk OWNER techdesk" >/dev/null
    echo "export TECHDESK_TEST_PG_URL='postgresql://techdesk:techdesk@127.0.0.1:$port/techdesk'"
    echo "export TECHDESK_TEST_PG_DIR='$dir'"
    ;;
  stop)
    dir=${2:?usage: pg-temp.sh stop DIR}
    [[ -d $dir/data ]] && as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
