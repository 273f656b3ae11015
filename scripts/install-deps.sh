#!/usr/bin/env bash
# Installs what rsrch needs on a Debian 12 machine: Chromium, valkey-server with the FalkorDB
# module, and Node.js packages for the Windmill scripts. Safe to run again; it skips what is there.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEPS="$ROOT/.deps"
FALKORDB_NPM="@falkordblite/linux-x64@8.2.3-falkordb.4.16.3"
mkdir -p "$DEPS"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
}

add_backports_suite() {
  local list=/etc/apt/sources.list.d/rsrch-backports.sources
  [ -f "$list" ] && return 0
  # Reuse the machine's own Debian entry so no mirror host is written into this project.
  awk 'BEGIN{RS="";ORS="\n\n"} /Suites:[^\n]*bookworm( |$|\n)/ && !/security/ {print; exit}' \
    /etc/apt/sources.list.d/debian.sources |
    sed -E 's/^Suites:.*/Suites: bookworm-backports/' | as_root tee "$list" >/dev/null
  apt_updated=0
}

if [ ! -x /usr/bin/chromium ]; then
  echo "install-deps: installing chromium"
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if ! command -v valkey-server >/dev/null 2>&1; then
  echo "install-deps: installing valkey-server from bookworm-backports"
  add_backports_suite
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports \
    valkey-server valkey-tools libgomp1 libssl3 >/dev/null
  # The package starts a system service on port 6379; rsrch runs its own instances.
  as_root systemctl disable --now valkey-server >/dev/null 2>&1 || true
  as_root pkill -f 'valkey-server 127.0.0.1:6379' >/dev/null 2>&1 || true
fi

if [ ! -f "$DEPS/falkordb.so" ]; then
  echo "install-deps: fetching the FalkorDB module ($FALKORDB_NPM)"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$FALKORDB_NPM" >/dev/null && tar -xzf ./*.tgz)
  cp "$tmp/package/bin/falkordb.so" "$DEPS/falkordb.so"
  rm -rf "$tmp"
fi

echo "install-deps: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), valkey $(valkey-server --version | awk '{print $3}' | sed 's/^v=//'), falkordb module at $DEPS/falkordb.so"
