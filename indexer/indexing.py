"""Index a folder of release files into a store: new and changed files only, one transaction each.

A file counts as done only when its store write committed, so a run killed at any moment
leaves the store consistent and the next run redoes exactly what is missing.
"""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from indexer.folder import SourceFile, release_files, to_index
from indexer.progress import Progress
from indexer.workers import analyse


@dataclass(frozen=True)
class Options:
    pattern: str = "*.txt"
    workers: int = 1
    prune: bool = False  # remove events of files that disappeared
    full: bool = False  # index every file, whatever the store remembers (a rebuild)


@dataclass
class Summary:
    seen: int = 0
    indexed: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)  # newly rejected by this run (exit code 1)
    still_rejected: int = 0  # rejected before and unchanged since: `status` lists them too
    deleted: int = 0
    events: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.seen} files: {self.indexed} indexed ({self.events} events), {self.unchanged} unchanged, "
            f"{len(self.rejected) + self.still_rejected} rejected ({len(self.rejected)} new), "
            f"{self.deleted} removed in {self.seconds:.1f} s"
        )


def index_folder(store, folder: Path, options: Options = Options()) -> Summary:
    from indexer.analysis.officials import NameBook

    started = time.time()
    summary = Summary()
    files = release_files(folder, options.pattern)
    summary.seen = len(files)
    indexed, rejected = ({}, {}) if options.full else (store.sources(), store.rejected())
    todo = to_index(files, indexed, rejected)
    waiting = {f.name for f in todo}
    summary.still_rejected = sum(1 for f in files if f.name not in waiting and f.name in rejected)
    summary.unchanged = len(files) - len(todo) - summary.still_rejected
    if options.prune:
        present = {f.name for f in files}
        for name in sorted(set(indexed) - present):
            store.delete_source(name)
            summary.deleted += 1
        for name in sorted(set(rejected) - present):
            store.forget_rejected(name)
    if todo:
        book = NameBook(store.known_officials())
        book.add_known(store.known_roles())
        progress = Progress.maybe(len(todo))
        for f, outcome in analyse(todo, options.workers):
            _store_one(store, f, outcome, book, summary)
            if progress:
                progress.step(f.name)
        if progress:
            progress.done()
    store.flush()
    summary.seconds = time.time() - started
    store.set_meta("source", str(folder.resolve()))
    store.set_meta("last_run", json.dumps({
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "seconds": round(summary.seconds, 2),
        "seen": summary.seen, "indexed": summary.indexed, "events": summary.events,
        "rejected": len(summary.rejected) + summary.still_rejected, "rejected_new": len(summary.rejected),
        "removed": summary.deleted,
    }))
    return summary


def _store_one(store, f: SourceFile, outcome, book, summary: Summary) -> None:
    kind, value = outcome
    if kind == "error":
        _reject(store, f, value, summary)
        return
    release_doc, events = value.documents(book)
    release_doc["source"] = f.name
    other = store.source_of_release(release_doc["release_id"])
    if other is not None and other != f.name:
        _reject(store, f, f"duplicate of {other} (same release)", summary)
        return
    store.replace_source(f.name, f.digest, release_doc, events)
    summary.indexed += 1
    summary.events += len(events)


def _reject(store, f: SourceFile, reason: str, summary: Summary) -> None:
    print(f"rejected: {f.name}: {reason}", file=sys.stderr)
    store.note_rejected(f.name, f.digest, reason)
    summary.rejected.append(f.name)
