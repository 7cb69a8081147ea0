"""`python -m indexer reindex`: rebuild everything into a new index, then swap it in.

Searches keep answering from the old index until the swap (SQLite: a new file behind an
atomic symlink swap; Elasticsearch: a new versioned index behind the alias).
"""
from __future__ import annotations

from pathlib import Path

from indexer.commands.run import add_common, guarded, options


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
        summary = index_folder(new, Path(source), options(args, full=True))
        store.finish_rebuild(new)
        return summary

    return guarded(args, rebuild)
