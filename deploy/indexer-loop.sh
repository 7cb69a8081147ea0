#!/bin/sh
# The scheduled indexer: one run every $INDEXER_INTERVAL seconds. A loop instead of cron inside the
# container keeps logs on stdout and needs no root; the indexer locks itself, so overlapping runs
# (e.g. a manual `docker compose run indexer …`) exit 75 and are harmless.
set -u
interval="${INDEXER_INTERVAL:-300}"
while true; do
  python -m indexer run --source "${INDEXER_SOURCE:-/releases}" ${INDEXER_ARGS:-} -v
  code=$?
  case "$code" in
    0|1|75) ;;                       # ok, some files rejected (reported once), another run active
    *) echo "indexer run failed with exit code $code" >&2 ;;
  esac
  sleep "$interval"
done
