#!/usr/bin/env bash
# Start-up failures of the real binary: one clear Chinese line on stderr, non-zero exit, no crash.
set -u
bin=${1:?usage: startup_errors.sh SANXIANG_BINARY}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0

expect() {  # expect NAME WANT_EXIT PATTERN -- COMMAND...
  local name=$1 want=$2 pattern=$3
  shift 4
  local out code
  out=$("$@" 2>&1 >/dev/null)
  code=$?
  if [[ $code -eq $want && $out == *"$pattern"* ]]; then
    passes=$((passes + 1))
  else
    echo "FAIL $name: exit $code (want $want), stderr: $out"
    fails=$((fails + 1))
  fi
}

expect "unreachable postgres" 1 "无法连接 PostgreSQL" -- \
  "$bin" serve --db "postgresql://u:pw@127.0.0.1:1/x?connect_timeout=2" --listen 127.0.0.1:0
expect "password not echoed" 1 "***" -- \
  "$bin" serve --db "postgresql://u:pw@127.0.0.1:1/x?connect_timeout=2" --listen 127.0.0.1:0
expect "missing sqlite dir" 1 "不存在" -- \
  "$bin" serve --db "sqlite:$tmp/no/such/dir/x.db" --listen 127.0.0.1:0
expect "unknown scheme" 1 "sqlite:PATH" -- "$bin" migrate --db "mysql://x"
expect "bad listen" 1 "HOST:PORT" -- "$bin" serve --db "sqlite:$tmp/x.db" --listen nonsense
expect "bad number" 2 "db_pool_size" -- "$bin" serve --db-pool-size zero
expect "bad env" 2 "SANXIANG_IO_THREADS" -- env SANXIANG_IO_THREADS=-3 "$bin" serve
printf 'lisen = "x"\n' >"$tmp/bad.toml"
expect "unknown config key" 2 "lisen" -- "$bin" serve --config "$tmp/bad.toml"
expect "no subcommand" 106 "subcommand" -- "$bin"
"$bin" migrate --db "sqlite:$tmp/ok.db" >/dev/null 2>&1
expect "demo twice" 1 "空数据库" -- bash -c "\"$bin\" demo --db sqlite:$tmp/ok.db --blob-dir $tmp/blobs >/dev/null 2>&1; \"$bin\" demo --db sqlite:$tmp/ok.db --blob-dir $tmp/blobs"
expect "migrate check" 0 "" -- "$bin" migrate --check --db "sqlite:$tmp/ok.db"

# calendar import: a year is validated, stored and its deadlines recomputed; a bad file changes
# nothing and says why. (An invented 2027 schedule: the tests must not depend on the real one.)
year2027() {  # year2027 MAKEUP_DAY
  cat <<EOF
{"format": "sanxiang.calendar/1", "region": "CN", "years": [{"year": 2027, "versions": [{
  "version": 1, "notice": "国务院办公厅关于2027年部分节假日安排的通知(测试数据)", "number": "",
  "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},
               {"name": "春节", "from": "2027-02-06", "to": "2027-02-12"}],
  "workdays": [{"date": "$1", "for": "春节"}]}]}]}
EOF
}
year2027 2027-02-17 >"$tmp/bad2027.json"  # a Wednesday cannot be a 调休 working day
year2027 2027-02-20 >"$tmp/2027.json"
printf '{"format": ' >"$tmp/broken.json"
expect "calendar import contradiction" 1 "未作任何更改" -- \
  "$bin" calendar import "$tmp/bad2027.json" --db "sqlite:$tmp/ok.db"
expect "calendar import broken json" 1 "未导入" -- \
  "$bin" calendar import "$tmp/broken.json" --db "sqlite:$tmp/ok.db"
expect "calendar import missing file" 1 "无法读取" -- \
  "$bin" calendar import "$tmp/none.json" --db "sqlite:$tmp/ok.db"
out=$("$bin" calendar import "$tmp/2027.json" --db "sqlite:$tmp/ok.db" 2>&1)
if [[ $? -eq 0 && $out == *"2027"* && $out == *"重新计算"* ]]; then passes=$((passes + 1)); else
  echo "FAIL calendar import: $out"; fails=$((fails + 1)); fi
out=$("$bin" calendar import "$tmp/2027.json" --db "sqlite:$tmp/ok.db" 2>&1)
if [[ $? -eq 0 && $out == *"无变化"* ]]; then passes=$((passes + 1)); else
  echo "FAIL calendar import twice: $out"; fails=$((fails + 1)); fi

# init: the first administrator must set a password; never a default one.
init=(--db "sqlite:$tmp/init.db" --data-dir "$tmp/data" --ledger-key-file "$tmp/data/ledger.key")
expect "init without a password" 1 "设置密码" -- "$bin" init "${init[@]}" </dev/null
printf 'password\n' >"$tmp/weak"
expect "init with a weak password" 1 "密码" -- "$bin" init "${init[@]}" --admin-password-file "$tmp/weak"
printf 'Sfj#2026-init\n' >"$tmp/good"
expect "init with a good password" 0 "" -- "$bin" init "${init[@]}" --admin-password-file "$tmp/good"
out=$("$bin" init "${init[@]}" --admin-password-file "$tmp/good" 2>&1)
if [[ $out == *"已有系统管理员"* ]]; then passes=$((passes + 1)); else
  echo "FAIL init twice: $out"; fails=$((fails + 1)); fi
# The ledger key: created once, owner-only, never printed; a mismatching name is refused.
if [[ $(stat -c %a "$tmp/data/ledger.key") == 600 ]] && ! grep -q PRIVATE <<<"$out"; then
  passes=$((passes + 1)); else echo "FAIL ledger key mode or secret printed"; fails=$((fails + 1)); fi
expect "ledger key of another log" 1 "ledger_origin" -- "$bin" init "${init[@]}" \
  --admin-password-file "$tmp/good" --ledger-origin other.example/ledger
expect "missing password file" 1 "无法读取密码文件" -- \
  "$bin" init --db "sqlite:$tmp/init2.db" --data-dir "$tmp/data" --admin-password-file "$tmp/none" \
  --ledger-key-file "$tmp/data/ledger.key"

# ledger verify: a clean demo database verifies (exit 0); a malformed key is a clear error.
expect "ledger verify clean" 0 "" -- "$bin" ledger verify --db "sqlite:$tmp/ok.db" --blob-dir "$tmp/blobs" \
  --ledger-key-file "$tmp/data/ledger.key"
expect "ledger verify bad key" 1 "验证密钥" -- "$bin" ledger verify --db "sqlite:$tmp/ok.db" --vkey nonsense
expect "ledger verify no key" 1 "--vkey" -- "$bin" ledger verify --db "sqlite:$tmp/ok.db" \
  --ledger-key-file "$tmp/none"

# archive (issue #7): a closed case only, unless --allow-open; the bag of the archived demo case
# (郑公积金案〔2026〕4号) passes the 四性检测 (exit 0); a flipped byte or a deleted file fails it
# (exit 4); usage errors exit 1.
arch=(--db "sqlite:$tmp/ok.db" --blob-dir "$tmp/blobs" --ledger-key-file "$tmp/data/ledger.key")
expect "archive export open case" 1 "尚未结案" -- "$bin" archive export "${arch[@]}" --case 3 --out "$tmp/bag3"
expect "archive export preview" 0 "" -- "$bin" archive export "${arch[@]}" --case 3 --out "$tmp/bag3" --allow-open
expect "archive export archived case" 0 "" -- "$bin" archive export "${arch[@]}" --case 4 --out "$tmp/bag"
expect "archive verify clean" 0 "" -- "$bin" archive verify "$tmp/bag" --ledger-key-file "$tmp/data/ledger.key"
# A bag as downloaded (a tar with the bag in one directory) is imported and checked the same way; a
# tar whose entry leaves its directory is refused.
tar -cf "$tmp/bag.tar" -C "$tmp" bag
expect "archive verify tar" 0 "" -- "$bin" archive verify "$tmp/bag.tar" --ledger-key-file "$tmp/data/ledger.key"
tar -cf "$tmp/evil.tar" -P --transform 's,^,../,' -C "$tmp" bag/bagit.txt 2>/dev/null
expect "archive verify escaping tar" 1 "越界" -- "$bin" archive verify "$tmp/evil.tar" --ledger-key-file "$tmp/data/ledger.key"
expect "archive verify bad key" 1 "验证密钥" -- "$bin" archive verify "$tmp/bag" --vkey nonsense
expect "archive verify no bag" 1 "bag" -- "$bin" archive verify
rm "$tmp/bag3/data/documents/02-investigation_report.pdf"
expect "archive verify deleted file" 4 "" -- "$bin" archive verify "$tmp/bag3" --ledger-key-file "$tmp/data/ledger.key"
out=$("$bin" archive verify "$tmp/bag3" --ledger-key-file "$tmp/data/ledger.key" 2>&1)
if [[ $out == *"✗ data/documents/02-investigation_report.pdf"* ]]; then passes=$((passes + 1)); else
  echo "FAIL archive verify names the deleted file: $out"; fails=$((fails + 1)); fi
printf 'X' | dd of="$tmp/bag/data/documents/01-filing_approval.pdf" bs=1 seek=300 conv=notrunc 2>/dev/null
expect "archive verify tampered" 4 "" -- "$bin" archive verify "$tmp/bag" --ledger-key-file "$tmp/data/ledger.key"
out=$("$bin" archive verify "$tmp/bag" --ledger-key-file "$tmp/data/ledger.key" 2>&1)
if [[ $out == *"✗ data/documents/01-filing_approval.pdf"* ]]; then passes=$((passes + 1)); else
  echo "FAIL archive verify names the changed file: $out"; fails=$((fails + 1)); fi

echo "startup errors: $passes passed, $fails failed"
[[ $fails -eq 0 ]]
