#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests, in a temporary directory, run as an
# unprivileged user (postgres when called as root), reachable only through its Unix socket.
#   pg.sh start DIR   -> initialises and starts; prints the admin URL
#   pg.sh stop DIR    -> stops and removes DIR
set -euo pipefail
cmd=${1:?usage: pg.sh start|stop DIR}
dir=${2:?usage: pg.sh start|stop DIR}
bin=/usr/lib/postgresql/15/bin
[[ -x $bin/initdb ]] || { echo "未找到 PostgreSQL 15($bin):请先运行 scripts/setup.sh" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U sanxiang -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Unix socket only (no TCP port to collide with); fsync off: the cluster is thrown away.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -c fsync=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://sanxiang@/postgres?host=$dir"
    ;;
  stop)
    if [[ -d $dir/data ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: pg.sh start|stop DIR" >&2; exit 2 ;;
esac
