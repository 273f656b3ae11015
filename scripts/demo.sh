#!/usr/bin/env bash
# Runs one Deep Research job end to end on this machine: FalkorDB, `rsrch local` (api, supervision,
# worker, capability with headless Chromium on the sandbox site), then follows the job to its report.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN="$ROOT/.run"
# The question comes from $QUERY (make demo QUERY="...") or the first argument.
QUERY="${1:-${QUERY:-How do durable job queues avoid losing work when a worker crashes?}}"
FALKORDB_PORT="${RSRCH_DEMO_FALKORDB_PORT:-6399}"
API_PORT="${RSRCH_API_PORT:-3001}"
CAPABILITY_PORT="${RSRCH_CAPABILITY_PORT:-3002}"
mkdir -p "$RUN"

for port in "$API_PORT" "$CAPABILITY_PORT"; do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "demo: port $port is in use; stop what listens there or set RSRCH_API_PORT / RSRCH_CAPABILITY_PORT" >&2
    exit 1
  fi
done

# A FalkorDB already answering on the port is used as it is, and left running afterwards.
started_falkordb=0
if ! valkey-cli -p "$FALKORDB_PORT" ping 2>/dev/null | grep -q PONG; then
  started_falkordb=1
fi
"$ROOT/scripts/falkordb.sh" start "$FALKORDB_PORT" "$RUN/falkordb"

local_pid=""
cleanup() {
  if [ -n "$local_pid" ] && kill -0 "$local_pid" 2>/dev/null; then
    kill "$local_pid" 2>/dev/null || true
    wait "$local_pid" 2>/dev/null || true
  fi
  if [ "$started_falkordb" -eq 1 ]; then
    "$ROOT/scripts/falkordb.sh" stop "$FALKORDB_PORT"
  fi
}
trap cleanup EXIT

echo "demo: starting rsrch local (log in $RUN/local.log)"
RSRCH_FALKORDB_URL="redis://127.0.0.1:$FALKORDB_PORT" RSRCH_API_PORT="$API_PORT" \
  RSRCH_CAPABILITY_PORT="$CAPABILITY_PORT" RSRCH_SITE="${RSRCH_SITE:-sandbox}" \
  java -jar "$ROOT/target/rsrch.jar" local >"$RUN/local.log" 2>&1 &
local_pid=$!

for _ in $(seq 1 240); do
  if curl -fs "http://127.0.0.1:$API_PORT/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$local_pid" 2>/dev/null; then
    echo "demo: rsrch local stopped while starting; last lines of its log:" >&2
    tail -n 20 "$RUN/local.log" >&2
    exit 1
  fi
  sleep 0.25
done

status=0
java -jar "$ROOT/target/rsrch.jar" submit --wait --timeout-seconds 600 \
  --api-url "http://127.0.0.1:$API_PORT" --save-dir "$RUN/reports" "$QUERY" || status=$?
exit "$status"
