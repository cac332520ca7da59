#!/usr/bin/env bash
# HTTP benchmark: sanxiang against nginx serving the same bytes as static files.
#
#   bash bench/run.sh [BINARY]        (make bench; BINARY defaults to build/release/sanxiang)
#
# Environment:
#   BENCH_SECONDS=10      duration of each measured wrk run
#   BENCH_WARMUP=2        duration of the warm-up run before each measurement (0: none)
#   BENCH_THREADS=2       wrk -t
#   BENCH_CONNECTIONS=64  wrk -c
#   BENCH_OUT=path        also write the Markdown report to this file
#   BENCH_ENFORCE=1       exit 1 when sanxiang's /healthz is below 60% of nginx
#   BENCH_SANXIANG_ARGS   extra arguments for `sanxiang serve` (e.g. "--io-threads 1")
#   BENCH_DISCLOSURES=N   also fill the database with N generated published disclosures
#                         (bench/generate_disclosures.sh), then measure the public search's
#                         latency (bench/disclosure_search.py) and the disclosure item's
#                         requests/s against nginx serving the same bytes (issue #9)
#   BENCH_SEARCH_ROUNDS=200  rounds of the search query mix
#   BENCH_DISCLOSURES_DB=path  a database filled before with the same N (generating 1,000,000
#                         takes ~10 minutes here): copied instead of generated
#
# Everything lives in a mktemp directory; the EXIT trap stops the server and nginx it started
# (by pid) and removes the directory. Progress goes to stderr, the report to stdout.
# Exit status: 0 ok; 1 a wrk run failed, returned non-2xx responses, or a server died
# (or the 60% target missed with BENCH_ENFORCE=1); 2 usage or setup error.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-$repo/build/release/sanxiang}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP:-2}
threads=${BENCH_THREADS:-2}
conns=${BENCH_CONNECTIONS:-64}
target_ratio=0.60

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 2; }

for v in seconds warmup threads conns; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v 应为非负整数,实为 ${!v}"
done
((seconds > 0 && threads > 0 && conns >= threads)) || die "BENCH_SECONDS、BENCH_THREADS 须大于 0,且连接数不少于线程数"
disclosures=${BENCH_DISCLOSURES:-0}
[[ $disclosures =~ ^[0-9]+$ ]] || die "BENCH_DISCLOSURES 应为非负整数,实为 $disclosures"
for tool in curl wrk nginx ss awk cmp; do
  command -v "$tool" >/dev/null || die "未找到 $tool;请先运行 scripts/setup.sh(需要 wrk、nginx-light、curl)"
done
[[ -x $bin ]] || die "未找到可执行的 sanxiang:$bin(先构建:make build)"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

# CPU accounting from /proc, in clock ticks. The machine is shared by wrk and both servers, and
# possibly by unrelated work (a compile): each run records how much CPU went elsewhere.
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
machine_busy() {  # user+nice+system+irq+softirq ticks of all CPUs (a process's own times include
  # the irq/softirq ticks that hit it, so this is the figure to compare them with)
  awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat
}
machine_total() {  # all ticks of all CPUs (including idle)
  awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t; exit }' /proc/stat
}
proc_ticks() {  # utime+stime of the given pids (all threads), 0 for pids that are gone
  local pid t=0 f
  for pid in "$@"; do
    f=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    f=${f##*) }  # after "pid (comm) ": field 3 onwards
    t=$((t + $(awk '{ print $12 + $13 }' <<<"$f")))
  done
  echo "$t"
}
children_seconds() {  # VAR: user+sys CPU seconds of the shell's waited-for children (wrk) so far
  # `times` must run in this shell, not in a $(...) subshell, which has no children of its own.
  times >"$tmp/times"
  printf -v "$1" '%s' "$(awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] } printf "%.3f", s }' "$tmp/times")"
}

b0=$(machine_busy) t0=$(machine_total)
sleep 1
busy_before=$(awk -v b="$(($(machine_busy) - b0))" -v t="$(($(machine_total) - t0))" \
  'BEGIN { printf "%.0f", (t > 0 ? 100 * b / t : 0) }')
if ((busy_before > 15)); then
  log "注意:测量前机器并不空闲(1 秒内 CPU 占用 ${busy_before}%),结果会偏低且不稳定"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sanxiang-bench.XXXXXX")
pids=()
wrk_pid=

stop_pid() {  # TERM, wait up to 5 s, then KILL (and the process's direct children: nginx workers)
  local pid=$1 kids i
  kill -0 "$pid" 2>/dev/null || return 0
  kids=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "bench: 进程 $pid 未在 5 秒内退出,强制结束" >&2
    # shellcheck disable=SC2086
    kill -KILL "$pid" $kids 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  if [[ -n $wrk_pid ]]; then kill -TERM "$wrk_pid" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A loopback port in 18000-18999 that nobody listens on (per ss) and nobody answers on.
# Another process may still take it before we bind; the callers retry on a failed start.
free_port() {
  local used p i
  used=$(ss -Hltn 2>/dev/null | awk '{n = split($4, a, ":"); print a[n]}' | sort -u)
  for ((i = 0; i < 200; i++)); do
    p=$((18000 + RANDOM % 1000))
    grep -qx "$p" <<<"$used" && continue
    # bash's /dev/tcp: a successful connect means something is there.
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    echo "$p"
    return 0
  done
  die "在 18000-18999 中找不到空闲端口"
}

# Polls URL until it answers 2xx; gives up after ~10 s or when process PID exits.
wait_ready() {
  local url=$1 pid=$2 name=$3 logfile=$4 deadline=$((SECONDS + 10))
  while ((SECONDS < deadline)); do
    if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "bench: $name 启动后退出了;日志末尾:" >&2
      tail -n 20 "$logfile" >&2 || true
      return 1
    fi
    sleep 0.1
  done
  echo "bench: $name 10 秒内未就绪($url 无 2xx 响应);日志末尾:" >&2
  tail -n 20 "$logfile" >&2 || true
  return 1
}

# ---- sanxiang --------------------------------------------------------------------------------
mkdir -p "$tmp/sanxiang/data" "$tmp/sanxiang/web"
sx_extra=
if ((disclosures > 0)); then
  for tool in sqlite3 python3; do
    command -v "$tool" >/dev/null || die "未找到 $tool;请先运行 scripts/setup.sh"
  done
  log "生成 $disclosures 条已公示的执法公示信息(演示数据 + bench/generate_disclosures.sh)"
  gen_start=$SECONDS
  if [[ -n ${BENCH_DISCLOSURES_DB:-} ]]; then
    log "复制已生成的数据库 $BENCH_DISCLOSURES_DB"
    sqlite3 "$BENCH_DISCLOSURES_DB" ".backup '$tmp/sanxiang/data/bench.db'" || die "无法复制 $BENCH_DISCLOSURES_DB"
    have=$(sqlite3 "$tmp/sanxiang/data/bench.db" "SELECT COUNT(*) FROM disclosures WHERE id > 100000")
    [[ $have == "$disclosures" ]] || die "$BENCH_DISCLOSURES_DB 有 $have 条生成的公示信息,而不是 $disclosures 条"
    gen_note="copied from a database generated before"
  else
    (cd "$tmp/sanxiang" && "$bin" demo --db "sqlite:$tmp/sanxiang/data/bench.db" >/dev/null) ||
      die "sanxiang demo 失败"
    bash "$repo/bench/generate_disclosures.sh" "$tmp/sanxiang/data/bench.db" "$disclosures" >/dev/null ||
      die "生成公示信息失败"
    gen_note="generated in this run"
  fi
  gen_seconds=$((SECONDS - gen_start))
  db_bytes=$(du -cb "$tmp/sanxiang/data"/bench.db* | awk 'END { print $1 }')
  log "生成完毕:${gen_seconds}s,数据库 $((db_bytes / 1048576)) MiB"
  sx_extra="--search-rate 0"
fi
sx_port=
for _ in 1 2 3; do
  port=$(free_port)
  log "启动 sanxiang (127.0.0.1:$port,访问日志关闭)"
  # Runs in the temp dir so relative defaults (var/, web/dist, admin token) never touch the
  # repository; SANXIANG_* variables are dropped so the environment cannot change the setup.
  # shellcheck disable=SC2086
  (
    cd "$tmp/sanxiang"
    for v in $(compgen -e); do [[ $v == SANXIANG_* ]] && unset "$v"; done
    exec "$bin" serve --db "sqlite:$tmp/sanxiang/data/bench.db" --listen "127.0.0.1:$port" \
      --demo-if-empty true --access-log false --web-root "$tmp/sanxiang/web" \
      $sx_extra ${BENCH_SANXIANG_ARGS:-}
  ) >"$tmp/sanxiang.log" 2>&1 &
  sx_pid=$!
  pids+=("$sx_pid")
  if wait_ready "http://127.0.0.1:$port/healthz" "$sx_pid" sanxiang "$tmp/sanxiang.log"; then
    sx_port=$port
    break
  fi
  stop_pid "$sx_pid"
  # Only a port someone else took is worth another try.
  grep -q '无法监听' "$tmp/sanxiang.log" || die "sanxiang 无法启动(见上)"
done
[[ -n $sx_port ]] || die "sanxiang 无法启动(试了 3 个端口)"
sx_base=http://127.0.0.1:$sx_port

# The exact bytes nginx will serve.
mkdir -p "$tmp/nginx/html"
curl -fsS --max-time 5 -o "$tmp/nginx/html/healthz.json" "$sx_base/healthz" ||
  die "无法获取 $sx_base/healthz"
curl -fsS --max-time 5 -o "$tmp/nginx/html/agencies.json" "$sx_base/api/v1/public/agencies" ||
  die "无法获取 $sx_base/api/v1/public/agencies"
[[ -s $tmp/nginx/html/agencies.json ]] || die "/api/v1/public/agencies 返回了空响应体"
healthz_bytes=$(wc -c <"$tmp/nginx/html/healthz.json")
agencies_bytes=$(wc -c <"$tmp/nginx/html/agencies.json")
same_bytes=("healthz.json|$sx_base/healthz" "agencies.json|$sx_base/api/v1/public/agencies")
if ((disclosures > 0)); then
  # One item in the middle of the generated range, as both servers will serve it.
  detail_id=$((100000 + (disclosures + 1) / 2))
  detail_path=/api/v1/public/disclosures/$detail_id
  curl -fsS --max-time 5 -o "$tmp/nginx/html/disclosure.json" "$sx_base$detail_path" ||
    die "无法获取 $sx_base$detail_path"
  detail_bytes=$(wc -c <"$tmp/nginx/html/disclosure.json")
  same_bytes+=("disclosure.json|$sx_base$detail_path")
  # Random items of the generated range: most are in no cache.
  printf '%s\n' 'math.randomseed(20261129)' 'request = function()' \
    "  return wrk.format(\"GET\", \"/api/v1/public/disclosures/\" .. math.random(100001, $((100000 + disclosures))))" \
    'end' >"$tmp/random.lua"
fi

# ---- nginx -----------------------------------------------------------------------------------
# Optional modules whose temp paths must be moved out of /var/lib/nginx, if compiled in.
nginx_v=$(nginx -V 2>&1)
temp_paths="client_body_temp_path $tmp/nginx/tmp/body;"
for m in proxy fastcgi uwsgi scgi; do
  [[ $nginx_v == *"--without-http_${m}_module"* ]] || temp_paths+=" ${m}_temp_path $tmp/nginx/tmp/$m;"
done
mkdir -p "$tmp/nginx/tmp" "$tmp/nginx/logs"
user_line=
(($(id -u) == 0)) && user_line="user root;"  # the temp dir is 0700: workers must be able to read it

ng_port=
for _ in 1 2 3; do
  port=$(free_port)
  while [[ $port == "$sx_port" ]]; do port=$(free_port); done
  cat >"$tmp/nginx/nginx.conf" <<EOF
$user_line
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  default_type application/json;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  $temp_paths
  server {
    listen 127.0.0.1:$port;
    root $tmp/nginx/html;
  }
}
EOF
  log "启动 nginx (127.0.0.1:$port,worker_processes auto)"
  nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" -g 'daemon off;' >"$tmp/nginx/logs/stderr.log" 2>&1 &
  ng_pid=$!
  pids+=("$ng_pid")
  if wait_ready "http://127.0.0.1:$port/healthz.json" "$ng_pid" nginx "$tmp/nginx/logs/stderr.log"; then
    ng_port=$port
    break
  fi
  tail -n 5 "$tmp/nginx/logs/error.log" >&2 2>/dev/null || true
  stop_pid "$ng_pid"
  grep -qs 'Address already in use' "$tmp/nginx/logs/stderr.log" "$tmp/nginx/logs/error.log" ||
    die "nginx 无法启动(见上)"
done
[[ -n $ng_port ]] || die "nginx 无法启动(试了 3 个端口)"
ng_base=http://127.0.0.1:$ng_port
ng_workers=$(ps -o pid= --ppid "$ng_pid" | wc -l)

# Same bytes from both servers before measuring anything.
for pair in "${same_bytes[@]}"; do
  file=${pair%%|*}
  curl -fsS --max-time 5 -o "$tmp/check" "$ng_base/$file" || die "nginx 未返回 /$file"
  cmp -s "$tmp/check" "$tmp/nginx/html/$file" || die "nginx 返回的 /$file 与文件不同"
  curl -fsS --max-time 5 -o "$tmp/check" "${pair#*|}" || die "无法获取 ${pair#*|}"
  cmp -s "$tmp/check" "$tmp/nginx/html/$file" ||
    log "注意:${pair#*|} 两次响应体不同(数据在变?),nginx 用第一次的内容"
done

# ---- measure ---------------------------------------------------------------------------------
to_ms() {  # wrk durations: 812.00us, 1.23ms, 2.00s, 1.00m, 1.00h
  awk -v t="$1" 'BEGIN {
    if (match(t, /^[0-9.]+/) == 0) { print "nan"; exit }
    v = substr(t, 1, RLENGTH); u = substr(t, RLENGTH + 1)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : (u == "h") ? 3600000 : -1
    if (f < 0) { print "nan"; exit }
    printf "%.2f", v * f }'
}

# wrk in the background and `wait` for it: a signal to this script then interrupts the wait at
# once (the trap stops wrk too) instead of waiting for a foreground wrk to finish.
run_wrk_bg() {
  local rc=0
  wrk -t"$threads" -c"$conns" "$@" &
  wrk_pid=$!
  wait "$wrk_pid" || rc=$?
  wrk_pid=
  return "$rc"
}

failed=0
wrk_extra=()  # more wrk arguments for the next run_wrk (a Lua script)
declare -A rps p99 non2xx sockerr cpu_us other_cpu
run_wrk() {  # KEY URL SERVER_PID...
  local key=$1 url=$2 out line requests
  shift 2
  local -a server_pids=("$@")
  local s0 s1 w0 w1 b0 b1 t0 t1
  if ((warmup > 0)); then
    log "预热 $url (${warmup}s)"
    if ! run_wrk_bg -d"${warmup}s" "${wrk_extra[@]}" "$url" >"$tmp/warmup.txt" 2>&1; then
      echo "bench: 预热失败:$url" >&2
      cat "$tmp/warmup.txt" >&2
    fi
  fi
  log "测量 $url (${seconds}s)"
  out=$tmp/wrk-$key.txt
  children_seconds w0
  s0=$(proc_ticks "${server_pids[@]}") b0=$(machine_busy) t0=$(machine_total)
  if ! run_wrk_bg -d"${seconds}s" --latency "${wrk_extra[@]}" "$url" >"$out" 2>&1; then
    echo "bench: wrk 失败:$url" >&2
    failed=1
  fi
  children_seconds w1
  s1=$(proc_ticks "${server_pids[@]}") b1=$(machine_busy) t1=$(machine_total)
  cat "$out" >&2
  rps[$key]=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p99[$key]=$(awk '$1 == "99%" {print $2}' "$out")
  [[ -n ${p99[$key]} ]] && p99[$key]=$(to_ms "${p99[$key]}")
  requests=$(awk '/ requests in / {print $1}' "$out")
  non2xx[$key]=$(awk -F: '/Non-2xx or 3xx responses/ {gsub(/ /, "", $2); print $2}' "$out")
  non2xx[$key]=${non2xx[$key]:-0}
  line=$(grep -m1 'Socket errors:' "$out" || true)
  if [[ -n $line ]]; then
    line=${line#*Socket errors:}
    sockerr[$key]=${line# }
  else
    sockerr[$key]=0
  fi
  # Server CPU per request (all its threads/processes, user+system), and the share of the
  # machine's CPU that went to neither the server nor wrk during the run.
  cpu_us[$key]=$(awk -v t="$((s1 - s0))" -v hz="$hz" -v n="${requests:-0}" \
    'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "n/a" }')
  other_cpu[$key]=$(awk -v b="$((b1 - b0))" -v tot="$((t1 - t0))" -v s="$((s1 - s0))" -v hz="$hz" \
    -v w="$(awk -v a="$w0" -v b="$w1" 'BEGIN { print b - a }')" \
    'BEGIN { o = b - s - w * hz; if (o < 0) o = 0; printf "%.0f%%", (tot > 0 ? 100 * o / tot : 0) }')
  if [[ -z ${rps[$key]} || -z ${p99[$key]} ]]; then
    echo "bench: 无法从 wrk 输出中解析 Requests/sec 或 99% 延迟:$url" >&2
    rps[$key]=${rps[$key]:-0} p99[$key]=${p99[$key]:-nan}
    failed=1
  fi
  if awk -v r="${rps[$key]}" 'BEGIN { exit !(r + 0 <= 0) }'; then
    echo "bench: $url 没有完成任何请求" >&2
    failed=1
  fi
  if [[ ${non2xx[$key]} != 0 ]]; then
    echo "bench: $url 有 ${non2xx[$key]} 个非 2xx/3xx 响应" >&2
    failed=1
  fi
  if [[ ${sockerr[$key]} != 0 ]]; then
    echo "bench: $url 有 socket 错误:${sockerr[$key]}" >&2
  fi
}

ng_pids=("$ng_pid")
for pid in $(ps -o pid= --ppid "$ng_pid"); do ng_pids+=("$pid"); done
run_wrk sx_healthz "$sx_base/healthz" "$sx_pid"
run_wrk ng_healthz "$ng_base/healthz.json" "${ng_pids[@]}"
run_wrk sx_agencies "$sx_base/api/v1/public/agencies" "$sx_pid"
run_wrk ng_agencies "$ng_base/agencies.json" "${ng_pids[@]}"
if ((disclosures > 0)); then
  run_wrk sx_detail "$sx_base$detail_path" "$sx_pid"
  run_wrk ng_detail "$ng_base/disclosure.json" "${ng_pids[@]}"
  wrk_extra=(-s "$tmp/random.lua")
  run_wrk sx_detail_random "$sx_base/api/v1/public/disclosures/" "$sx_pid"
  wrk_extra=()
  log "公示查询延迟(${BENCH_SEARCH_ROUNDS:-200} 轮查询组合)"
  search_table=$(python3 "$repo/bench/disclosure_search.py" "$sx_base" "${BENCH_SEARCH_ROUNDS:-200}") ||
    { echo "bench: 公示查询测量失败" >&2; failed=1; }
  echo "$search_table" >&2
  sx_rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$sx_pid/status")
  sx_hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$sx_pid/status")
fi

for pid in "$sx_pid" "$ng_pid"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "bench: 服务器进程 $pid 在测量中退出了" >&2
    tail -n 20 "$tmp/sanxiang.log" >&2 || true
    failed=1
  fi
done

# ---- report ----------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
healthz_ratio=$(ratio "${rps[sx_healthz]}" "${rps[ng_healthz]}")
if awk -v r="$healthz_ratio" -v t="$target_ratio" 'BEGIN { exit !(r != "n/a" && r + 0 >= t) }'; then
  verdict=PASS
else
  verdict=FAIL
fi

cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
sx_version=$("$bin" --version 2>/dev/null | head -n 1 || true)
sx_io=$(sed -n 's/.*--io-threads[ =]\([0-9]*\).*/\1/p' <<<"${BENCH_SANXIANG_ARGS:-}")
row() {  # TARGET URL KEY NGINX_KEY
  local r
  if [[ $3 == "$4" ]]; then r=1.00; else r=$(ratio "${rps[$3]}" "${rps[$4]}"); fi
  # shellcheck disable=SC2016  # the backquotes are Markdown
  printf '| %s | `%s` | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "${rps[$3]}" "${p99[$3]}" \
    "$r" "${cpu_us[$3]}" "${other_cpu[$3]}" "${non2xx[$3]}" "${sockerr[$3]}"
}
report() {
  echo "| target | URL | requests/s | p99 (ms) | ratio to nginx | server CPU (µs/req) | other load | non-2xx | socket errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
  row "sanxiang /healthz" "$sx_base/healthz" sx_healthz ng_healthz
  row "nginx static ($healthz_bytes B)" "$ng_base/healthz.json" ng_healthz ng_healthz
  row "sanxiang /api/v1/public/agencies" "$sx_base/api/v1/public/agencies" sx_agencies ng_agencies
  row "nginx static ($agencies_bytes B)" "$ng_base/agencies.json" ng_agencies ng_agencies
  if ((disclosures > 0)); then
    row "sanxiang disclosure item" "$sx_base$detail_path" sx_detail ng_detail
    row "sanxiang random items of $disclosures" "$sx_base/api/v1/public/disclosures/<random>" sx_detail_random ng_detail
    row "nginx static ($detail_bytes B)" "$ng_base/disclosure.json" ng_detail ng_detail
  fi
  echo
  echo "- server CPU: user+system CPU of the server under test (all threads / worker processes) during the run, per request; other load: share of the machine's CPU used by neither that server nor wrk during the run, i.e. unrelated work (should be ~0%; tick-based accounting, ±2%)"
  echo "- healthz ≥ 60% of nginx: **$verdict** (ratio $healthz_ratio)"
  if ((disclosures > 0)); then
    local detail_ratio
    detail_ratio=$(ratio "${rps[sx_detail]}" "${rps[ng_detail]}")
    echo "- disclosure item ≥ 60% of nginx: **$(awk -v r="$detail_ratio" 'BEGIN { print (r + 0 >= 0.6) ? "PASS" : "FAIL" }')** (ratio $detail_ratio; random items $(ratio "${rps[sx_detail_random]}" "${rps[ng_detail]}"))"
    echo "- data: $disclosures generated published disclosures (bench/generate_disclosures.sh, $gen_note, ${gen_seconds}s), SQLite database $((db_bytes / 1048576)) MiB; sanxiang memory after the runs: VmRSS $((sx_rss / 1024)) MiB, peak (VmHWM) $((sx_hwm / 1024)) MiB"
  fi
  echo "- machine: $(nproc) CPUs, ${cpu:-unknown CPU}, kernel $(uname -r); CPU busy in the second before the run: ${busy_before}%"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- wrk: \`wrk -t$threads -c$conns -d${seconds}s --latency\`, ${warmup}s warm-up per target, wrk and both servers on the same machine"
  echo "- sanxiang: ${sx_version:-$(basename "$bin")}, SQLite, access log off, I/O threads ${sx_io:-default (one per core)}${BENCH_SANXIANG_ARGS:+, extra args \`$BENCH_SANXIANG_ARGS\`}"
  echo "- nginx: $(nginx -v 2>&1 | sed 's/^nginx version: //'), $ng_workers worker processes, access_log off, sendfile on, keepalive_requests 1000000"
  if ((disclosures > 0)); then
    echo
    echo "Public search (\`GET /api/v1/public/disclosures\`) over the $disclosures items, one keep-alive client, ${BENCH_SEARCH_ROUNDS:-200} rounds of the query mix (bench/disclosure_search.py):"
    echo
    echo "$search_table"
  fi
}
report
if [[ -n ${BENCH_OUT:-} ]]; then
  report >"$BENCH_OUT"
  log "结果已写入 $BENCH_OUT"
fi

if ((failed)); then
  echo "bench: 失败:有 wrk 运行失败、非 2xx 响应或服务器退出(见上)" >&2
  exit 1
fi
if [[ $verdict == FAIL && ${BENCH_ENFORCE:-0} == 1 ]]; then
  echo "bench: /healthz 只有 nginx 的 $healthz_ratio 倍,低于 $target_ratio(BENCH_ENFORCE=1)" >&2
  exit 1
fi
exit 0
