#!/usr/bin/env bash
# Runs the benchmark (io.rsrch.bench.Bench) against a FalkorDB of its own: orchestration overhead
# with the instant site, FalkorDB transition times, browser tab costs. Extra arguments go to Bench
# (e.g. --jobs 500, --parts orchestration,transitions,browser).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${RSRCH_BENCH_FALKORDB_PORT:-6398}"
JAR="$ROOT/target/rsrch.jar"
[ -f "$JAR" ] || { echo "bench: $JAR is missing; run 'make build' first" >&2; exit 1; }

# The bench loads up to 100 000 jobs into its own graphs. A server already answering on the
# default port may be someone else's, so it is only used when RSRCH_BENCH_FALKORDB_PORT names the
# port on purpose; either way it is left running afterwards.
started=0
data=""
if valkey-cli -p "$PORT" ping 2>/dev/null | grep -q PONG; then
  if [ -z "${RSRCH_BENCH_FALKORDB_PORT:-}" ]; then
    echo "bench: port $PORT already answers; set RSRCH_BENCH_FALKORDB_PORT to a free port, or to" \
      "this one to use that FalkorDB (the bench writes graphs named rsrch_bench_*)" >&2
    exit 1
  fi
else
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
