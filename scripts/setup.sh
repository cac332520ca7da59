#!/usr/bin/env bash
# Installs what sanxiang needs on Debian 12 (as root), only what is missing.
# Idempotent: a second run with everything present does nothing and asks no network.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlitecpp-dev libsqlite3-dev libpqxx-dev libpq-dev libsodium-dev libssl-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev libyaml-cpp-dev libqrencode-dev libcairo2-dev libpango1.0-dev poppler-utils libmagic-dev libarchive-dev libexpat1-dev libxlsxwriter-dev
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev
  postgresql-15 chromium fonts-noto-cjk nginx-light wrk curl openssl sqlite3 python3
  nodejs npm
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The machine image may already carry node/npm from elsewhere; then Debian's are not needed.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "缺少软件包: ${missing[*]}; 请以 root 运行 make,或手动安装 (apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "==> 安装系统软件包: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # nginx is only used by the benchmark, never as a service.
  if command -v systemctl >/dev/null; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
  service nginx stop >/dev/null 2>&1 || true
fi

# Front-end dependencies: reinstall only when the lock file changed.
if [[ -f web/package-lock.json ]]; then
  stamp=web/node_modules/.sanxiang-lock.sha256
  want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
  if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    echo "==> 安装前端依赖 (npm ci)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
fi
