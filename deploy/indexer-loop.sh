#!/bin/sh
# The scheduled indexer: one run every $INDEXER_INTERVAL seconds. A loop instead of cron inside the
# container keeps logs on stdout and needs no root; the indexer locks itself, so overlapping runs
# (e.g. a manual `docker compose run indexer …`) exit 75 and touch nothing.
#
# Problems are not normal: each gets a line on stderr starting "ALERT indexer:" for log alerts —
#   exit 1   files were newly rejected (each named above it, once, until it changes)
#   exit 75  another run has held the lock for $INDEXER_STUCK_AFTER intervals in a row (stuck?)
#   other    $INDEXER_FAILURES_ALERT runs in a row failed (store down or corrupt, crashes, kills)
# The container's healthcheck (`python -m indexer status --check`) turns unhealthy as well.
# TERM (docker stop) stops the current run cleanly and ends the loop.
set -u
interval="${INDEXER_INTERVAL:-300}"
stuck_after="${INDEXER_STUCK_AFTER:-3}"
failures_alert="${INDEXER_FAILURES_ALERT:-3}"
runs="${INDEXER_RUNS:-0}"   # stop after this many runs; 0 = forever (tests, one-shot use)
busy=0 failed=0 n=0 child=""
trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child"; fi; exit 143' TERM INT HUP
while :; do
  python -m indexer run --source "${INDEXER_SOURCE:-/releases}" ${INDEXER_ARGS:-} -v &
  child=$!
  wait "$child"
  code=$?
  child=""
  case "$code" in
    0) busy=0 failed=0 ;;
    1) busy=0 failed=0
       echo "ALERT indexer: files were rejected (reasons above; \`python -m indexer status\` lists them)" >&2 ;;
    75) busy=$((busy + 1)) failed=0
       if [ "$busy" -ge "$stuck_after" ]; then
         echo "ALERT indexer: the run lock has been held for $busy intervals in a row: a stuck run? (see the line above)" >&2
       fi ;;
    *) busy=0 failed=$((failed + 1))
       echo "indexer run failed with exit code $code ($failed in a row)" >&2
       if [ "$failed" -ge "$failures_alert" ]; then
         echo "ALERT indexer: $failed runs in a row failed (last exit code $code)" >&2
       fi ;;
  esac
  n=$((n + 1))
  if [ "$runs" -gt 0 ] && [ "$n" -ge "$runs" ]; then
    break
  fi
  sleep "$interval" &
  child=$!
  wait "$child"
  child=""
done
