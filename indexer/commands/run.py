"""`python -m indexer run --source DIR`: index new and changed release files; made for cron.

Silent on success. Exit codes (see `guard.py`): 0 ok, 1 a file was newly rejected (each reported
once until it changes), 2 the run failed, 75 another run holds the lock, 128+N stopped by signal N.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from indexer.commands.guard import add_common, guarded, options


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", required=True, help="folder of release files (searched recursively)")
    add_common(parser)
    parser.add_argument("--prune", action="store_true", help="remove events of files that disappeared")


def main(args) -> int:
    from indexer.indexing import index_folder

    return guarded(args, lambda store: index_folder(store, Path(args.source), options(args, prune=args.prune)))
