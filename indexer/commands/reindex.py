"""`python -m indexer reindex`: rebuild everything into a new index, then swap it in.

Searches keep answering from the old index until the swap (SQLite: a new file behind an
atomic symlink swap; Elasticsearch: a new versioned index behind the alias). A rebuild that
fails or is stopped is deleted. With `--source`, a store too damaged to open is rebuilt too.
"""
from __future__ import annotations

import sys
from pathlib import Path

from indexer.commands.guard import add_common, guarded, options


def configure(parser) -> None:
    parser.add_argument("--source", help="folder of release files (default: the last run's)")
    add_common(parser)


def main(args) -> int:
    from indexer.indexing import index_folder

    def rebuild(store):
        source = args.source or store.get_meta("source")
        if not source:
            raise OSError("no --source given and no earlier run recorded one")
        new = store.begin_rebuild()
        try:
            summary = index_folder(new, Path(source), options(args, full=True))
            store.finish_rebuild(new)
        except BaseException:
            store.abort_rebuild(new)
            raise
        return summary

    return guarded(args, rebuild, opener=_even_if_corrupt if args.source else None)


def _even_if_corrupt(setting: str):
    """The live store, or — when it is too damaged to open — a handle that only swaps the rebuild in."""
    from eventstore.stores import StoreCorrupt, open_store

    try:
        return open_store(setting)
    except StoreCorrupt as e:
        print(f"warning: {e}; rebuilding it from --source", file=sys.stderr)
        return open_store(setting, readonly=True)  # never reads the damaged file: the swap replaces it
