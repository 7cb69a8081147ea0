"""Index a folder of release files into a store: new and changed files only, one transaction each.

A file counts as done only when its store write committed, so a run killed at any moment
leaves the store consistent and the next run redoes exactly what is missing. A file that
cannot be read or analysed is rejected with its reason; every other file is still indexed.

Ids outlive edits (`identity.py`): each file's documents get the ids of the release and events
they continue before they are written. Files that disappeared are removed last (`--prune`), so
that a renamed file, indexed first, takes their release and ids over; what is left answers 410.
"""
from __future__ import annotations

import json
import re
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from indexer.folder import SourceFile, release_files, store_name, to_index
from indexer.curation.apply import apply
from indexer.identity import Duplicate, Lineage, removal_revision
from indexer.progress import Progress
from indexer.workers import analyse, failure

# "duplicate of a.txt (same release 1a2b3c4d5e6f)": the copy takes over when that release loses its file.
_DUPLICATE = re.compile(r"^duplicate of (?P<holder>.+) \(same release(?: (?P<release>\w+))?\)$")


@dataclass(frozen=True)
class Options:
    pattern: str = "*.txt"
    workers: int = 1
    prune: bool = False  # remove events of files that disappeared
    full: bool = False  # index every file, whatever the store remembers (a rebuild)
    timeout: float | None = None  # seconds one file's analysis may take before it is rejected
    curation: object = None  # indexer.curation.Curation: journalists' corrections (None: none)


@dataclass
class Summary:
    seen: int = 0
    indexed: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)  # newly rejected by this run (exit code 1)
    still_rejected: int = 0  # rejected before and unchanged since: `status` lists them too
    deleted: int = 0
    events: int = 0
    corrected: int = 0  # stored events rewritten because the curation file changed
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.seen} files: {self.indexed} indexed ({self.events} events), {self.unchanged} unchanged, "
            f"{len(self.rejected) + self.still_rejected} rejected ({len(self.rejected)} new), "
            f"{self.deleted} removed" + (f", {self.corrected} events re-curated" if self.corrected else "")
            + f" in {self.seconds:.1f} s"
        )


def index_folder(store, folder: Path, options: Options = Options(), past=None) -> Summary:
    """Index `folder` into `store`. `past`: the live store while `reindex` fills a new one — ids,
    retired ids and versions continue from it, and its files missing from the folder answer 410."""
    from indexer.analysis.officials import NameBook
    from indexer.curation import NONE, stored

    started = time.time()
    curation = options.curation or NONE
    # First: stored events follow the curation file as it is now (before their names feed the book).
    reapplied = stored.reapply(store, curation)
    summary = Summary(corrected=reapplied.events)
    files = release_files(folder, options.pattern)
    summary.seen = len(files)
    present = {f.name for f in files}
    indexed, rejected = ({}, {}) if options.full else (store.sources(), store.rejected())
    indexed = {**indexed, **dict.fromkeys(reapplied.forced & set(indexed), "curation changed")}
    held = past.sources() if past is not None else indexed
    missing = sorted(set(held) - present) if options.prune or past is not None else []
    if options.prune:
        for name in sorted(set(rejected) - present):
            store.forget_rejected(name)
    lineage = Lineage(store, past if past is not None else store, present, missing)
    todo, tried, book = to_index(files, indexed, rejected), set(), None
    while True:
        # A copy rejected as a duplicate takes over when its release lost its file (missing, changed).
        todo += [f for f in _orphaned_duplicates(store, files, lineage) if f.name not in tried and f not in todo]
        if not todo:
            break
        todo.sort(key=lambda f: f.name)
        tried.update(f.name for f in todo)
        if book is None:  # names known from earlier runs resolve «А.Ескараев» in this one
            book = NameBook(store.known_officials())
            book.add_known(store.known_roles())
        _index(store, todo, options, book, summary, lineage)
        todo = []
    _remove_missing(store, lineage, rebuilding=past is not None)
    summary.deleted = len(missing)
    summary.still_rejected = sum(1 for f in files if f.name not in tried and f.name in rejected)
    summary.unchanged = len(files) - len(tried) - summary.still_rejected
    store.flush()
    stored.remember(store, curation)  # last: a run killed before it re-applies again
    summary.seconds = time.time() - started
    store.set_meta("source", store_name(folder.resolve()))
    store.set_meta("last_run", json.dumps({
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "at": round(time.time(), 3),
        "seconds": round(summary.seconds, 2),
        "seen": summary.seen, "indexed": summary.indexed, "events": summary.events,
        "rejected": len(summary.rejected) + summary.still_rejected, "rejected_new": len(summary.rejected),
        "removed": summary.deleted, "curation": curation.source or None, "corrected": summary.corrected,
    }))
    return summary


def _remove_missing(store, lineage: Lineage, rebuilding: bool) -> None:
    """Files gone from the folder whose release no renamed file took over: their ids answer 410."""
    for name in lineage.missing:
        if name in lineage.claimed:
            continue  # the renamed file's write removed it
        held = lineage.past.held(name)
        revision = removal_revision(held) if held is not None else None
        if rebuilding:  # the new store never held it: only its records go in
            store.add_history((*revision.redirects, *revision.versions) if revision else ())
        else:
            store.delete_source(name, revision)


def _index(store, todo: list[SourceFile], options: Options, book, summary: Summary, lineage: Lineage) -> None:
    for f in todo:
        if f.error:
            _reject(store, f, f.error, summary)
    readable = [f for f in todo if not f.error]
    progress = Progress.maybe(len(readable))
    with closing(analyse(readable, options.workers, options.timeout)) as results:
        for f, outcome in results:
            _store_one(store, f, outcome, book, summary, lineage, options.curation)
            if progress:
                progress.step(f.name)
    if progress:
        progress.done()


def _orphaned_duplicates(store, files: list[SourceFile], lineage: Lineage) -> list[SourceFile]:
    """Files rejected as a copy of a release that no file holds any more (or only a missing one)."""
    rejected, sources, orphans = store.rejected(), None, []
    for f in files:
        m = _DUPLICATE.match(rejected.get(f.name, {}).get("reason", ""))
        if not m:
            continue
        if m["release"]:
            holder = store.source_of_release(m["release"])
            gone = holder is None or lineage.available(holder)
        else:  # rejected before the reason named the release
            sources = store.sources() if sources is None else sources
            gone = m["holder"] not in sources or lineage.available(m["holder"])
        if gone:
            orphans.append(f)
    return orphans


def _store_one(store, f: SourceFile, outcome, book, summary: Summary, lineage: Lineage, curation=None) -> None:
    kind, value = outcome
    if kind == "error":
        _reject(store, f, value, summary)
        return
    try:
        release_doc, events = value.documents(book)
    except Exception as e:  # the cheap, ordered half of the analysis: same net as the workers'
        _reject(store, f, "analysis failed: " + failure(e), summary)
        return
    release_doc["source"] = f.name
    try:
        revision = lineage.assign(f.name, release_doc, events)
    except Duplicate as e:
        _reject(store, f, str(e), summary)
        return
    if curation is not None:  # after `assign`: corrections may name events by their lasting ids
        events = [apply(doc, curation) for doc in events]
    store.replace_source(f.name, f.digest, release_doc, events, revision)
    summary.indexed += 1
    summary.events += len(events)


def _reject(store, f: SourceFile, reason: str, summary: Summary) -> None:
    print(f"rejected: {f.name}: {reason}", file=sys.stderr)
    store.note_rejected(f.name, f.digest, reason)
    summary.rejected.append(f.name)
