#!/usr/bin/env bash
# Browser tests: starts the real server (fresh SQLite database with demo data, any free port),
# runs the Playwright tests in web/e2e against it with Debian's Chromium, then stops the server
# with SIGTERM and checks that it shut down cleanly.
#   e2e.sh SANXIANG_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/release/sanxiang}")
tmp=$(mktemp -d /tmp/sanxiang-e2e.XXXXXX)
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

mkfifo "$tmp/out"
"$bin" serve --db "sqlite:$tmp/e2e.db" --listen 127.0.0.1:0 --demo-if-empty true \
  --web-root web/dist --access-log false --ledger-key-file "$tmp/ledger.key" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3<"$tmp/out"
# The server prints its URL once it listens (after the demo accounts); wait for that line, or
# for it to die (end of output).
line=
while read -r -t 60 -u 3 l; do
  if [[ $l == *已启动* ]]; then line=$l; break; fi
done
if [[ -z $line ]]; then
  echo "服务器未能启动:" >&2
  cat "$tmp/err" >&2
  exit 1
fi
cat <&3 >"$tmp/rest" &
url=$(grep -oE 'http://[0-9.:]+' <<<"$line")
echo "服务器已启动:$url"

(cd web && SANXIANG_BASE_URL=$url npx playwright test)

kill -TERM "$pid"
if ! wait "$pid"; then
  echo "服务器未能正常停止:" >&2
  cat "$tmp/err" >&2
  exit 1
fi
pid=
