#!/usr/bin/env bash
# Runs the benchmark (io.rsrch.bench.Bench) against a FalkorDB of its own: orchestration overhead
# with the instant site, FalkorDB transition times, browser tab costs. Extra arguments go to Bench
# (e.g. --jobs 500, --parts orchestration,transitions,browser).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${RSRCH_BENCH_FALKORDB_PORT:-6398}"
JAR="$ROOT/target/rsrch.jar"
[ -f "$JAR" ] || { echo "bench: $JAR is missing; run 'make build' first" >&2; exit 1; }

# A FalkorDB already answering on the port is used as it is, and left running afterwards.
started=0
data=""
if ! valkey-cli -p "$PORT" ping 2>/dev/null | grep -q PONG; then
  started=1
  data="$(mktemp -d -t rsrch-bench-falkordb-XXXXXX)"
fi
cleanup() {
  if [ "$started" -eq 1 ]; then
    "$ROOT/scripts/falkordb.sh" stop "$PORT"
    rm -rf "$data"
  fi
}
trap cleanup EXIT
"$ROOT/scripts/falkordb.sh" start "$PORT" "${data:-$ROOT/.run/bench-falkordb}"

cd "$ROOT"
java ${BENCH_JAVA_OPTS:-} -cp "$JAR" io.rsrch.bench.Bench --falkordb "redis://127.0.0.1:$PORT" "$@"
