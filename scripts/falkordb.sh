#!/usr/bin/env bash
# Starts or stops a FalkorDB (valkey-server with the FalkorDB module) for rsrch on this machine.
#   scripts/falkordb.sh start PORT DATA_DIR   append-only file in DATA_DIR, so jobs survive restarts
#   scripts/falkordb.sh stop PORT
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODULE="$ROOT/.deps/falkordb.so"
action="${1:?usage: falkordb.sh start|stop PORT [DATA_DIR]}"
port="${2:?usage: falkordb.sh start|stop PORT [DATA_DIR]}"

ping() { valkey-cli -p "$port" ping 2>/dev/null | grep -q PONG; }

case "$action" in
  start)
    mkdir -p "${3:?usage: falkordb.sh start PORT DATA_DIR}"
    # valkey resolves --logfile against --dir, so both must be absolute.
    dir="$(cd "$3" && pwd)"
    if ping; then
      if valkey-cli -p "$port" MODULE LIST 2>/dev/null | grep -qi graph; then
        echo "FalkorDB already running on port $port"
        exit 0
      fi
      echo "port $port is taken by a server without the FalkorDB module; choose another port" >&2
      exit 1
    fi
    mkdir -p "$dir"
    valkey-server --port "$port" --bind 127.0.0.1 --loadmodule "$MODULE" \
      --dir "$dir" --appendonly yes --save "" --daemonize yes \
      --pidfile "$dir/valkey.pid" --logfile "$dir/valkey.log"
    for _ in $(seq 1 100); do ping && { echo "FalkorDB started on port $port (data in $dir)"; exit 0; }; sleep 0.1; done
    echo "FalkorDB did not start; see $dir/valkey.log" >&2
    exit 1
    ;;
  stop)
    if ping; then valkey-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; fi
    ;;
  *)
    echo "usage: falkordb.sh start|stop PORT [DATA_DIR]" >&2
    exit 2
    ;;
esac
