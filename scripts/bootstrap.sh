#!/usr/bin/env bash
# Installs what TechDesk needs to build, run and test on Debian 12, and nothing it already has.
# Idempotent: a second run with everything present does no network work.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 haproxy libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  libhowardhinnant-date-dev tzdata libicu-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libgmime-3.0-dev libgumbo-dev libcurl4-openssl-dev dovecot-imapd python3-aiosmtpd clang-14 libclang-rt-14-dev
  libxlsxwriter-dev unzip
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-pytest python3-requests python3-yaml
  wrk chromium fonts-noto-cjk
  nodejs npm
)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  # nodejs/npm may come from elsewhere on the machine; accept any working node >= 20.
  if [[ $p == nodejs || $p == npm ]] && command -v node >/dev/null && command -v npm >/dev/null; then
    continue
  fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm dependencies, exactly as locked: the web UI and the browser test.
for dir in web tests/e2e; do
  [[ -f $dir/package-lock.json ]] || continue
  stamp=$dir/node_modules/.techdesk-lock-stamp
  if [[ ! -f $stamp ]] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "bootstrap: npm ci in $dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
done
