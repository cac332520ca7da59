#!/usr/bin/env bash
# Runs every test: C++ unit/contract/HTTP tests (release build, then the ASan/UBSan build) against
# SQLite and a throwaway PostgreSQL 15 cluster, then the browser tests against the real server.
#   test.sh RELEASE_BUILD_DIR ASAN_BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
release=${1:-build/release}
asan=${2:-build/asan}
jobs=$(nproc)

pgdir=$(mktemp -d /tmp/sanxiang-pg.XXXXXX)
cleanup() { bash scripts/pg.sh stop "$pgdir"; }
trap cleanup EXIT
echo "==> 启动临时 PostgreSQL 15 集群"
export SANXIANG_TEST_PG_URL=$(bash scripts/pg.sh start "$pgdir")
export SANXIANG_REQUIRE_PG=1   # contract tests fail, not skip, without PostgreSQL

total=0
count_ctest() {  # adds the number of tests ctest ran from its log
  local n
  n=$(grep -oE 'tests failed out of [0-9]+' "$1" | grep -oE '[0-9]+$' | tail -1)
  total=$((total + ${n:-0}))
}

run_ctest() {  # run_ctest DIR LABEL
  local log
  log=$(mktemp)
  echo "==> 构建并运行 C++ 测试($2)"
  ninja -C "$1"
  if ! ctest --test-dir "$1" --output-on-failure -j "$jobs" 2>&1 | tee "$log"; then
    rm -f "$log"
    echo "C++ 测试失败($2)" >&2
    exit 1
  fi
  count_ctest "$log"
  rm -f "$log"
}

run_ctest "$release" "release"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
run_ctest "$asan" "ASan/UBSan"

echo "==> 浏览器测试(Playwright + Chromium,真实服务器)"
log=$(mktemp)
if ! bash scripts/e2e.sh "$release/sanxiang" 2>&1 | tee "$log"; then
  rm -f "$log"
  echo "浏览器测试失败" >&2
  exit 1
fi
n=$(grep -oE '^ *[0-9]+ passed' "$log" | grep -oE '[0-9]+' | tail -1)
total=$((total + ${n:-0}))
rm -f "$log"

echo
echo "all: $total passed, 0 failed"
