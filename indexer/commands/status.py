"""`python -m indexer status`: what the store holds, the last run, rejected files and why."""
from __future__ import annotations

import json
import sys


def configure(parser) -> None:
    parser.add_argument("--store", help="SQLite path or Elasticsearch URL")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def main(args) -> int:
    from eventstore.stores import StoreError, open_store, store_setting

    try:
        with open_store(store_setting(args.store), readonly=True) as store:
            info = store.stats()
            info["last_run"] = json.loads(store.get_meta("last_run") or "null")
            info["source"] = store.get_meta("source")
            info["rejected_files"] = store.rejected()
    except StoreError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"store:     {info.get('store')}")
    print(f"events:    {info['events']}")
    print(f"releases:  {info['releases']}")
    print(f"source:    {info['source'] or '-'}")
    run = info["last_run"]
    print("last run:  " + (f"{run['finished']}, {run['indexed']} indexed, {run['rejected']} rejected, "
                           f"{run['removed']} removed, {run['seconds']} s" if run else "never"))
    rejected = info["rejected_files"]
    print(f"rejected:  {len(rejected)}")
    for source, r in rejected.items():
        print(f"  {source}: {r['reason']} (since {r['at']})")
    return 0
