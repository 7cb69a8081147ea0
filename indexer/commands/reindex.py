"""`python -m indexer reindex`: rebuild everything into a new index, then swap it in.

Searches keep answering from the old index until the swap (SQLite: a new file behind an
atomic symlink swap; Elasticsearch: a new versioned index behind the alias). A rebuild that
fails or is stopped is deleted. With `--source`, a store too damaged to open is rebuilt too.

Ids carry over: the new store gets the old one's redirects and versions, and each file's documents
are matched against the old store's, as a run matches an edited file (`indexer/identity.py`). A
damaged store cannot be read: its rebuild starts the ids afresh from the files.
"""
from __future__ import annotations

import sys
from pathlib import Path

from indexer.commands.guard import add_common, guarded, options


def configure(parser) -> None:
    parser.add_argument("--source", help="folder of release files (default: the last run's)")
    add_common(parser)


def main(args) -> int:
    from eventstore.stores import StoreCorrupt
    from indexer.indexing import index_folder

    def rebuild(store, source: Path, past, opts):
        new = store.begin_rebuild()
        try:
            if past is not None:
                new.add_history(past.history())
            summary = index_folder(new, source, opts, past=past)
            store.finish_rebuild(new)
        except BaseException:
            store.abort_rebuild(new)
            raise
        return summary

    def run(store):
        source = args.source or store.get_meta("source")
        if not source:
            raise OSError("no --source given and no earlier run recorded one")
        opts = options(args, full=True)  # a bad curation file stops it before the rebuild starts
        past = _readable(store)
        try:
            return rebuild(store, Path(source), past, opts)
        except StoreCorrupt as e:
            if past is None:
                raise
            _warn(e)  # damage met past the first look: rebuild without the old store
            return rebuild(store, Path(source), None, opts)

    return guarded(args, run, opener=_even_if_corrupt if args.source else None)


def _readable(store):
    """The live store when its documents can be read (ids continue from it), else None."""
    from eventstore.stores import StoreCorrupt

    try:
        store.sources()
    except StoreCorrupt as e:
        _warn(e)
        return None
    return store


def _warn(e: Exception) -> None:
    print(f"warning: ids start afresh: the old store cannot be read ({e})", file=sys.stderr)


def _even_if_corrupt(setting: str):
    """The live store, or — when it is too damaged to open — a handle that only swaps the rebuild in."""
    from eventstore.stores import StoreCorrupt, open_store

    try:
        return open_store(setting)
    except StoreCorrupt as e:
        print(f"warning: {e}; rebuilding it from --source", file=sys.stderr)
        return open_store(setting, readonly=True)  # never reads the damaged file: the swap replaces it
