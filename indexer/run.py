"""`python -m indexer run --source DIR`: index new and changed release files; made for cron.

Silent on success. Exit codes: 0 ok, 1 a file was newly rejected (each reported once
until it changes), 2 the store is unreachable or another failure, 75 another run holds the lock.
A file counts as done only when its one store transaction committed, so a run killed at
any moment leaves the store consistent and the next run redoes exactly what is missing.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
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


@dataclass
class Summary:
    seen: int = 0
    indexed: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)
    deleted: int = 0
    events: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.seen} files: {self.indexed} indexed ({self.events} events), {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected, {self.deleted} removed in {self.seconds:.1f} s"
        )


def main(args) -> int:
    return guarded(args, lambda store: index_folder(store, Path(args.source), args, prune=args.prune))


def guarded(args, work) -> int:
    """Lock, open the store, do `work(store) -> Summary`, map failures to exit codes."""
    from indexer.lock import Locked, RunLock, lock_path_for
    from indexer.store import StoreError, open_store, store_setting

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


def release_files(source: Path, pattern: str) -> dict[str, Path]:
    """Relative posix path → file, sorted: the order names are resolved in."""
    if not source.is_dir():
        raise OSError(f"source folder {source} does not exist")
    found = {p.relative_to(source).as_posix(): p for p in source.rglob(pattern) if p.is_file()}
    return dict(sorted(found.items()))


def index_folder(store, source: Path, args, prune: bool = False, full: bool = False) -> Summary:
    from indexer.analysis.officials import NameBook

    started = time.time()
    summary = Summary()
    files = release_files(source, args.glob)
    summary.seen = len(files)
    indexed, rejected = ({}, {}) if full else (store.sources(), store.rejected())
    hashes = {rel: hashlib.sha256(path.read_bytes()).hexdigest() for rel, path in files.items()}
    todo = [rel for rel in files if indexed.get(rel) != hashes[rel] and rejected.get(rel, {}).get("hash") != hashes[rel]]
    summary.unchanged = len(files) - len(todo)
    if prune:
        for rel in sorted(set(indexed) - set(files)):
            store.delete_source(rel)
            summary.deleted += 1
        for rel in sorted(set(rejected) - set(files)):
            store.forget_rejected(rel)
    if todo:
        book = NameBook(store.known_officials())
        progress = Progress(len(todo)) if sys.stdout.isatty() else None
        for rel, outcome in analyse(files, todo, args.workers):
            _store_one(store, rel, hashes[rel], outcome, book, summary)
            if progress:
                progress.step(rel)
        if progress:
            progress.done()
    summary.seconds = time.time() - started
    store.set_meta("source", str(source.resolve()))
    store.set_meta("last_run", json.dumps({
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "seconds": round(summary.seconds, 2),
        "seen": summary.seen, "indexed": summary.indexed, "events": summary.events,
        "rejected": len(summary.rejected), "removed": summary.deleted,
    }))
    return summary


def _store_one(store, rel: str, digest: str, outcome, book, summary: Summary) -> None:
    kind, value = outcome
    if kind == "error":
        _reject(store, rel, digest, value, summary)
        return
    release_doc, events = value.documents(book)
    release_doc["source"] = rel
    other = store.source_of_release(release_doc["release_id"])
    if other is not None and other != rel:
        _reject(store, rel, digest, f"duplicate of {other} (same release)", summary)
        return
    store.replace_source(rel, digest, release_doc, events)
    summary.indexed += 1
    summary.events += len(events)


def _reject(store, rel: str, digest: str, reason: str, summary: Summary) -> None:
    print(f"rejected: {rel}: {reason}", file=sys.stderr)
    store.note_rejected(rel, digest, reason)
    summary.rejected.append(rel)


def analyse(files: dict[str, Path], todo: list[str], workers: int):
    """(rel, ("ok", Analysis) | ("error", reason)) in `todo` order; natasha loads only if needed."""
    if workers <= 1 or len(todo) == 1:
        for rel in todo:
            yield rel, _analyse_file(str(files[rel]))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    one_thread_per_process()
    window = workers * 4  # bounded read-ahead keeps memory flat on huge folders
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker) as pool:
        pending: list = []
        queue = iter(todo)
        for rel in queue:
            pending.append((rel, pool.submit(_analyse_file, str(files[rel]))))
            if len(pending) >= window:
                rel0, fut = pending.pop(0)
                yield rel0, fut.result()
        for rel0, fut in pending:
            yield rel0, fut.result()


def one_thread_per_process() -> None:
    """natasha's numpy would start a BLAS thread per core in every worker: N workers on N cores
    then fight over them (2 workers ran 3x slower than 1). Only effective before numpy is
    imported, so `python -m indexer` does the same first thing (see indexer/__main__.py)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def _init_worker() -> None:
    from indexer.analysis.pipeline import get_analyzer

    get_analyzer()


def _analyse_file(path: str):
    from indexer.analysis.pipeline import get_analyzer
    from indexer.release import ReleaseError, read_release

    try:
        release = read_release(path)
    except ReleaseError as e:
        return "error", e.reason
    return "ok", get_analyzer().analyze(release)


class Progress:
    """A one-line progress bar, only when a person is watching (stdout is a terminal)."""

    def __init__(self, total: int):
        self.total, self.n, self.started = total, 0, time.time()

    def step(self, name: str) -> None:
        self.n += 1
        rate = self.n / max(time.time() - self.started, 1e-6)
        bar = "#" * int(30 * self.n / self.total)
        sys.stdout.write(f"\r[{bar:<30}] {self.n}/{self.total} {rate:.1f}/s {name[-30:]:<30}")
        sys.stdout.flush()

    def done(self) -> None:
        sys.stdout.write("\n")
