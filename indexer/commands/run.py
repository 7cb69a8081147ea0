"""`python -m indexer run --source DIR`: index new and changed release files; made for cron.

Silent on success. Exit codes: 0 ok, 1 a file was newly rejected (each reported once
until it changes), 2 the store is unreachable or another failure, 75 another run holds the lock.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EX_OK, EX_REJECTED, EX_FAILURE, EX_TEMPFAIL = 0, 1, 2, 75


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", required=True, help="folder of release files (searched recursively)")
    add_common(parser)
    parser.add_argument("--prune", action="store_true", help="remove events of files that disappeared")


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help="SQLite path or Elasticsearch URL (default: $EVENTS_STORE or ./data/events.sqlite3)")
    parser.add_argument("--glob", default="*.txt", help="release file pattern (default: *.txt)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="analysis processes")
    parser.add_argument("--lock-file", help="lock file (default: next to the SQLite store, or in the temp folder)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print a summary")


def options(args, **kw):
    from indexer.indexing import Options

    return Options(pattern=args.glob, workers=args.workers, **kw)


def main(args) -> int:
    from indexer.indexing import index_folder

    return guarded(args, lambda store: index_folder(store, Path(args.source), options(args, prune=args.prune)))


def guarded(args, work) -> int:
    """Lock, open the store, do `work(store) -> Summary`, map failures to exit codes."""
    from eventstore.stores import StoreError, open_store, store_setting
    from indexer.lock import Locked, RunLock, lock_path_for

    setting = store_setting(args.store)
    try:
        with RunLock(args.lock_file or lock_path_for(setting)):
            with open_store(setting) as store:
                summary = work(store)
    except Locked as e:
        print(e, file=sys.stderr)
        return EX_TEMPFAIL
    except (StoreError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EX_FAILURE
    if args.verbose:
        print(summary.line())
    return EX_REJECTED if summary.rejected else EX_OK
