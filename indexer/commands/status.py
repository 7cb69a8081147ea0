"""`python -m indexer status`: what the store holds, the last run, the last error, the lock, rejected files.

`--check` makes it a health check (cron, the compose healthcheck): exit 1 with one line per
problem on stderr when no run has succeeded for `--max-age` seconds, the last run failed, or a
run has held the lock longer than that (stuck); exit 2 when the store cannot be read.
"""
from __future__ import annotations

import json
import sys
import time

from indexer.commands.guard import EX_FAILURE, EX_OK

EX_UNHEALTHY = 1


def configure(parser) -> None:
    parser.add_argument("--store", help="SQLite path or Elasticsearch URL")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--lock-file", help="the runs' lock file (default: as `run` picks it)")
    parser.add_argument("--check", action="store_true", help="exit 1 when indexing is stale, failed or stuck")
    parser.add_argument("--max-age", type=float, default=3600, metavar="SECONDS",
                        help="with --check: how old the last successful run, and how long a lock, may be (default: 3600)")


def main(args) -> int:
    from eventstore.stores import StoreError, open_store, store_setting
    from indexer.lock import holder_of, lock_path_for

    setting = store_setting(args.store)
    try:
        with open_store(setting, readonly=True) as store:
            info = store.stats()
            info["last_run"] = json.loads(store.get_meta("last_run") or "null")
            info["last_error"] = json.loads(store.get_meta("last_error") or "null")
            info["source"] = store.get_meta("source")
            info["rejected_files"] = store.rejected()
    except StoreError as e:
        print(f"error: {e}", file=sys.stderr)
        return EX_FAILURE
    holder = holder_of(args.lock_file or lock_path_for(setting))
    info["lock"] = {"pid": holder.pid, "seconds": round(holder.age(), 1)} if holder else None
    problems = health(info, args.max_age) if args.check else []
    if args.check:
        info["problems"] = problems
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        _print(info)
    for problem in problems:
        print(f"unhealthy: {problem}", file=sys.stderr)
    return EX_UNHEALTHY if problems else EX_OK


def health(info: dict, max_age: float) -> list[str]:
    """What is wrong with indexing, one sentence each; [] when it is healthy."""
    problems = []
    run, error, lock = info["last_run"], info["last_error"], info["lock"]
    finished = _finished_at(run)
    if finished is None:
        problems.append("no indexer run has finished yet")
    elif time.time() - finished > max_age:
        problems.append(f"stale: the last successful run finished {_ago(finished)} ago (limit {max_age:g} s)")
    if error and (finished is None or error["at"] > finished):
        problems.append(f"the last run failed at {error['when']}: {error['error']}")
    if lock and lock["seconds"] >= max_age:
        problems.append(f"stuck: pid {lock['pid']} has held the run lock for {lock['seconds']} s (limit {max_age:g} s)")
    return problems


def _finished_at(run: dict | None) -> float | None:
    if not run:
        return None
    if "at" in run:
        return run["at"]
    from datetime import datetime  # a run recorded before `at` existed

    return datetime.strptime(run["finished"], "%Y-%m-%dT%H:%M:%S%z").timestamp()


def _ago(t: float) -> str:
    s = int(time.time() - t)
    return f"{s // 3600} h {s % 3600 // 60} min" if s >= 3600 else f"{s // 60} min {s % 60} s"


def _print(info: dict) -> None:
    print(f"store:     {info.get('store')}")
    print(f"events:    {info['events']}")
    print(f"releases:  {info['releases']}")
    print(f"source:    {info['source'] or '-'}")
    run = info["last_run"]
    print("last run:  " + (f"{run['finished']}, {run['indexed']} indexed, {run['rejected']} rejected, "
                           f"{run['removed']} removed, {run['seconds']} s" if run else "never"))
    error = info["last_error"]
    failed_last = error and (_finished_at(run) is None or error["at"] > _finished_at(run))
    print("last error: " + (f"{error['when']}: {error['error']}" + ("" if failed_last else " (a later run succeeded)")
                            if error else "none"))
    lock = info["lock"]
    print("lock:      " + (f"held by pid {lock['pid']} for {lock['seconds']} s" if lock else "free"))
    rejected = info["rejected_files"]
    print(f"rejected:  {len(rejected)}")
    for source, r in rejected.items():
        print(f"  {source}: {r['reason']} (since {r['at']})")
