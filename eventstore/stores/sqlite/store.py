"""The embedded store: one SQLite file with an FTS5 index, facet tables and indexer state.

WAL mode lets the web UI read while the cron indexer writes. Facet values live in a
narrow (facet, value, event) table so counts are GROUP BYs over covering indexes.
A rebuild fills a new file and swaps a symlink, so readers never see a half-built index;
a rebuild that fails is deleted, and one whose process died is swept by the next writer.
A damaged file raises `StoreCorrupt` (the web answers 503, the indexer exits 2).
"""
from __future__ import annotations

import functools
import glob
import json
import os
import re
import sqlite3
import threading
import time
import uuid
from collections import Counter, OrderedDict
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from eventstore.schema import ROLE_SEPARATOR, VALUE_FIELDS, public
from eventstore.search.request import Found, SearchRequest
from eventstore.search.timer import Timer
from eventstore.stores.base import Store, StoreCorrupt, StoreError, StoreUnavailable
from eventstore.stores.faults import crash_point
from eventstore.stores.history import Held, Redirect, Revision, Version
from eventstore.stores.sqlite import aggregates, columns, engine, export, history, merge, postings, snapshot
from eventstore.stores.sqlite.columns import ColumnCache
from eventstore.stores.sqlite.postings import MAX_TF

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources(
    source TEXT PRIMARY KEY, hash TEXT NOT NULL, release_id TEXT NOT NULL, indexed_at TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS sources_release ON sources(release_id);
CREATE TABLE IF NOT EXISTS releases(release_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events(
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, release_id TEXT NOT NULL,
    n INTEGER NOT NULL, date TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_release ON events(release_id, n);
CREATE INDEX IF NOT EXISTS events_date ON events(date, rowid);
CREATE TABLE IF NOT EXISTS facets(
    facet TEXT NOT NULL, value TEXT NOT NULL, event INTEGER NOT NULL,
    PRIMARY KEY(facet, value, event)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS facets_event ON facets(event, facet, value);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    terms, tokenize="unicode61 remove_diacritics 0 tokenchars '-'");
-- Term frequencies for ranking in numpy: per event, each term it holds 2+ times as `term`,
-- 3+ times also as `term~3`, and so on up to `term~8`. detail=none: rowid lists only, the cheapest to read.
CREATE VIRTUAL TABLE IF NOT EXISTS fts_tf USING fts5(
    repeats, detail=none, tokenize="unicode61 remove_diacritics 0 tokenchars '-~'");
CREATE TABLE IF NOT EXISTS rejected(source TEXT PRIMARY KEY, hash TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
"""
# Facet tables hold the filterable fields; kz_official marks which officials are Kazakh; kz_role holds
# (official, role) pairs (schema.VALUE_FIELDS).
_FACET_SOURCES = VALUE_FIELDS


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _damaged(e: sqlite3.Error) -> bool:
    """sqlite3 raises a plain DatabaseError only for SQLITE_CORRUPT and SQLITE_NOTADB: a damaged file."""
    return type(e) is sqlite3.DatabaseError


def _reports_damage(method):
    """A damaged file met inside `method` becomes StoreCorrupt (503 on the web, exit 2 in the indexer)."""

    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as e:
            if _damaged(e):
                raise self._corrupt(e) from None
            raise

    return checked


class SqliteStore(Store):
    def __init__(self, path: str | os.PathLike, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        self._local = threading.local()
        self._counts = CountCache()
        if readonly and not self.path.exists():
            raise StoreUnavailable(f"no index at {self.path}: run `python -m indexer run` first")
        if not readonly:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                _sweep_rebuilds(self.path)
                db = self._connect()
                try:
                    with db:
                        db.executescript(SCHEMA + postings.SCHEMA + snapshot.SCHEMA + history.SCHEMA)
                        # This file's own name for itself: never copied into a rebuild, so cached counts
                        # and columns of one file are never taken for another's (inodes are reused).
                        db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('uid', ?)", (uuid.uuid4().hex,))
                        _backfill_tf(db)
                finally:
                    db.close()  # `with db` only commits: an open connection kept -wal and -shm alive
            except sqlite3.Error as e:
                raise self._failed(e, "cannot write the store") from None
            except OSError as e:
                raise StoreError(f"cannot write the store at {self.path}: {e}") from None

    def _corrupt(self, e: Exception) -> StoreCorrupt:
        return StoreCorrupt(f"{StoreCorrupt.HINT} ({self.path}: {e})")

    def _failed(self, e: sqlite3.Error, what: str) -> StoreError:
        return self._corrupt(e) if _damaged(e) else StoreError(f"{what} at {self.path}: {e}")

    # --- connections: one per thread, reopened when a rebuild swapped the file ---
    def _connect(self) -> sqlite3.Connection:
        immutable = False
        try:
            if self.readonly:
                real = os.path.realpath(self.path)
                immutable = _no_writer_and_no_shm(real)
                mode = "ro&immutable=1" if immutable else "ro"
                # Autocommit: the temp-table work of a search must not hold a read snapshot open,
                # or this reader would never see the indexer's later commits.
                db = sqlite3.connect(f"file:{quote(real)}?mode={mode}", uri=True, check_same_thread=False,
                                     timeout=30, isolation_level=None)
            else:
                db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=30000")
            db.execute("PRAGMA temp_store=MEMORY")
            # The writer keeps 64 MB of pages; a reader (a web thread: 4 per worker) 8 MB — the OS
            # page cache holds the file anyway, and 64 MB each grew a worker past 400 MB at 1M events.
            db.execute(f"PRAGMA cache_size={-8192 if self.readonly else -65536}")
        except sqlite3.Error as e:
            if _damaged(e):
                raise self._corrupt(e) from None
            raise StoreUnavailable(f"cannot open {self.path}: {e}") from None
        self._local.immutable = immutable
        return db

    @property
    def db(self) -> sqlite3.Connection:
        try:
            inode = os.stat(self.path).st_ino
        except OSError as e:
            raise StoreUnavailable(f"cannot open {self.path}: {e.strerror}") from None
        local = self._local
        if (getattr(local, "db", None) is None or local.inode != inode
                or (local.immutable and _writer_appeared(os.path.realpath(self.path)))):
            if getattr(local, "db", None) is not None:
                local.db.close()
            local.db, local.inode = self._connect(), inode
        return local.db

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # --- read side ---
    @_reports_damage
    def execute(self, request: SearchRequest, timer: Timer | None = None) -> Found:
        timer = timer or Timer()
        try:
            db = self.db
            own = not db.in_transaction
            if own:
                db.execute("BEGIN")  # one snapshot for the generation, the columns and the matches
            try:
                generation = _generation(db)
                cols = self._columns(db, generation)
                timer.lap("columns")
                m = engine.Matcher(db, cols, request)
                rows = m.selected()
                timer.lap("match")
                key = (self._local.inode, generation, request.counts_key())
                counted = self._counts.get(key)
                if counted is None:
                    counted = self._counts.put(key, engine.counts(m, rows))
                timer.lap("counts")
                total, facet_counts, month_counts = counted
                ranked = engine.page(m, rows) if total else []
                timer.lap("page")
                docs = _docs(db, [r for r, _ in ranked])
            finally:
                if own and db.in_transaction:
                    db.execute("COMMIT")
        except sqlite3.OperationalError as e:
            raise StoreUnavailable(f"search failed: {e}") from None
        rows_out = [(public(docs[r]), score) for r, score in ranked if r in docs]
        return Found(total, rows_out, facet_counts, month_counts)

    def _columns(self, db: sqlite3.Connection, generation: str):
        return COLUMNS.get(db, (str(self.path), self._local.inode), generation)

    @_reports_damage
    def columns(self):
        """This process's in-memory columns of the store's current data (loaded if needed)."""
        db = self.db
        return self._columns(db, _generation(db))

    def clear_caches(self) -> None:
        """Forget cached counts (benchmarks measure searches that compute them)."""
        self._counts = CountCache()

    @_reports_damage
    def coverage(self) -> dict:
        db = self.db
        return engine.coverage(db, self._columns(db, _generation(db)))

    @_reports_damage
    def term_counts(self, terms: list[str]) -> dict[str, int]:
        return engine.term_counts(self.db, terms)

    @_reports_damage
    def kazakh(self, officials: list[str]) -> set[str]:
        known = self.columns().groups["kz"].ids["kz_official"]
        return {o for o in officials if o in known}

    def scan(self, request: SearchRequest) -> Iterator[dict]:
        try:
            db = self.db
            yield from export.scan(db, self._columns(db, _generation(db)), request)
        except sqlite3.DatabaseError as e:
            if _damaged(e):
                raise self._corrupt(e) from None
            raise

    @_reports_damage
    def get_event(self, event_id: str) -> dict | None:
        row = self.db.execute("SELECT doc FROM events WHERE id = ?", (event_id,)).fetchone()
        return public(json.loads(row[0])) if row else None

    @_reports_damage
    def get_release(self, release_id: str) -> dict | None:
        row = self.db.execute("SELECT doc FROM releases WHERE release_id = ?", (release_id,)).fetchone()
        if not row:
            return None
        release = json.loads(row[0])
        events = self.db.execute("SELECT doc FROM events WHERE release_id = ? ORDER BY n", (release_id,))
        release["events"] = [public(json.loads(d)) for (d,) in events]
        return release

    # --- dossier and feed primitives (eventstore/stores/sqlite/aggregates.py) ---
    def spans(self, request: SearchRequest, facets: tuple[str, ...], size: int, only: dict | None = None) -> dict:
        return self._read(aggregates.spans, request, facets, size, only or {})

    def term_stats(self, request: SearchRequest, size: int, min_count: int = 1, exclude: frozenset[str] = frozenset()):
        return self._read(lambda db, cols: aggregates.term_stats(
            db, cols, request, min_count, exclude, (str(self.path), self._local.inode)))

    def indexed_at(self, release_ids: list[str]) -> dict[str, str]:
        return aggregates.indexed_at(self.db, release_ids)

    def _read(self, fn, *args):
        """fn(db, columns, *args) in one read snapshot, as `execute` reads."""
        try:
            db = self.db
            own = not db.in_transaction
            if own:
                db.execute("BEGIN")
            try:
                return fn(db, self._columns(db, _generation(db)), *args)
            finally:
                if own and db.in_transaction:
                    db.execute("COMMIT")
        except sqlite3.OperationalError as e:
            raise StoreUnavailable(f"search failed: {e}") from None

    # --- permalinks (eventstore/stores/sqlite/history.py) ---
    @_reports_damage
    def redirect(self, doc_id: str) -> Redirect | None:
        return history.redirect(self.db, doc_id)

    @_reports_damage
    def release_versions(self, release_id: str) -> list[Version]:
        return history.versions(self.db, release_id)

    @_reports_damage
    def held(self, source: str) -> Held | None:
        row = self.db.execute("SELECT release_id, hash FROM sources WHERE source = ?", (source,)).fetchone()
        release = self.get_release(row[0]) if row else None
        return Held(source, row[1], release) if release else None

    @_reports_damage
    def retired_ids(self, release_id: str) -> list[str]:
        return history.retired_ids(self.db, release_id)

    @_reports_damage
    def history(self) -> Iterator[Redirect | Version]:
        yield from history.records(self.db)

    @_reports_damage
    def add_history(self, records) -> None:
        with self.db as db:
            history.write(db, records)

    # --- write side ---
    def replace_source(self, source: str, content_hash: str, release: dict, events: list[dict],
                       revision: Revision | None = None) -> None:
        self.replace_sources([(source, content_hash, release, events)], [revision])

    def replace_sources(self, files: list[tuple[str, str, dict, list[dict]]],
                        revisions: list[Revision | None] | None = None) -> None:
        """Several files in one transaction (bulk loads): all of them are in, or none."""
        db = self.db
        source = files[0][0] if files else ""
        revisions = revisions or [None] * len(files)
        try:
            with db:  # one transaction: the file is either fully in or not at all
                for (source, content_hash, release, events), revision in zip(files, revisions):
                    if revision is not None and revision.taken_from not in (None, source):
                        self._delete(db, revision.taken_from)  # a renamed file: its release moves here
                    self._delete(db, source)
                    db.execute("DELETE FROM rejected WHERE source = ?", (source,))
                    db.execute(
                        "INSERT INTO sources(source, hash, release_id, indexed_at) VALUES (?, ?, ?, ?)",
                        (source, content_hash, release["release_id"], _now()),
                    )
                    db.execute(
                        "INSERT INTO releases(release_id, doc) VALUES (?, ?)",
                        (release["release_id"], json.dumps(release, ensure_ascii=False)),
                    )
                    insert_events(db, events)
                    history.write_revision(db, revision)
                _bump_generation(db)
                crash_point("after_insert")
        except sqlite3.IntegrityError as e:
            raise StoreError(f"{source}: {e}") from None
        except sqlite3.Error as e:
            raise self._failed(e, "cannot write the store") from None

    def _delete(self, db: sqlite3.Connection, source: str) -> None:
        row = db.execute("SELECT release_id FROM sources WHERE source = ?", (source,)).fetchone()
        if not row:
            return
        rowids = [r for (r,) in db.execute("SELECT rowid FROM events WHERE release_id = ?", row)]
        db.executemany("DELETE FROM fts WHERE rowid = ?", [(r,) for r in rowids])
        db.executemany("DELETE FROM fts_tf WHERE rowid = ?", [(r,) for r in rowids])
        db.executemany("DELETE FROM facets WHERE event = ?", [(r,) for r in rowids])
        db.execute("DELETE FROM events WHERE release_id = ?", row)
        db.execute("DELETE FROM releases WHERE release_id = ?", row)
        db.execute("DELETE FROM sources WHERE source = ?", (source,))

    @_reports_damage
    def flush(self) -> None:
        """The merge step (`merge.py`): what this run wrote goes into the postings and the columns' snapshot."""
        try:
            merge.merge(self.db, save_columns=_save_columns)
        except sqlite3.OperationalError as e:
            raise StoreError(f"cannot write the store at {self.path}: {e}") from None

    def event_documents(self, batch: int = 1000) -> Iterator[list[tuple[str, dict]]]:
        db = self.db
        try:
            top = db.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
            last = 0
            while True:
                rows = db.execute(
                    "SELECT e.rowid, s.source, e.doc FROM events e JOIN sources s USING (release_id) "
                    "WHERE e.rowid > ? AND e.rowid <= ? ORDER BY e.rowid LIMIT ?", (last, top, batch)).fetchall()
                if not rows:
                    return
                last = rows[-1][0]
                yield [(source, json.loads(doc)) for _, source, doc in rows]
        except sqlite3.DatabaseError as e:
            if _damaged(e):
                raise self._corrupt(e) from None
            raise

    @_reports_damage
    def rewrite_events(self, docs: list[dict]) -> None:
        """New rows for the documents (rowids only grow: readers' columns and the postings see a
        deleted row and a new one, as for any rewritten file)."""
        db = self.db
        try:
            with db:
                found = []
                for doc in docs:
                    row = db.execute("SELECT rowid FROM events WHERE id = ?", (doc["id"],)).fetchone()
                    if row is None:
                        continue  # removed since it was read
                    for table, column in (("fts", "rowid"), ("fts_tf", "rowid"), ("facets", "event"), ("events", "rowid")):
                        db.execute(f"DELETE FROM {table} WHERE {column} = ?", row)
                    found.append(doc)
                insert_events(db, found)
                _bump_generation(db)
            crash_point("after_rewrite")  # tests: killed between two files' rewrites
        except sqlite3.OperationalError as e:
            raise self._failed(e, "cannot write the store") from None

    @_reports_damage
    def delete_source(self, source: str, revision: Revision | None = None) -> None:
        with self.db as db:
            history.write_revision(db, revision)
            self._delete(db, source)
            _bump_generation(db)
            db.execute("DELETE FROM rejected WHERE source = ?", (source,))

    @_reports_damage
    def sources(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT source, hash FROM sources"))

    @_reports_damage
    def source_of_release(self, release_id: str) -> str | None:
        """Also by a content id an edited release had since (its alias: `history.alias_of`)."""
        db = self.db
        for rid in (release_id, history.alias_of(db, release_id)):
            row = db.execute("SELECT source FROM sources WHERE release_id = ?", (rid,)).fetchone() if rid else None
            if row:
                return row[0]
        return None

    @_reports_damage
    def known_officials(self) -> list[str]:
        return [v for (v,) in self.db.execute("SELECT DISTINCT value FROM facets WHERE facet = 'official'")]

    @_reports_damage
    def known_roles(self) -> list[tuple[str, str, str]]:
        rows = self.db.execute("SELECT DISTINCT f.value, e.date FROM facets f JOIN events e ON e.rowid = f.event "
                               "WHERE f.facet = 'kz_role'")
        return [(*value.split(ROLE_SEPARATOR, 1), day) for value, day in rows]

    @_reports_damage
    def note_rejected(self, source: str, content_hash: str, reason: str) -> None:
        with self.db as db:
            db.execute(
                "INSERT OR REPLACE INTO rejected(source, hash, reason, at) VALUES (?, ?, ?, ?)",
                (source, content_hash, reason, _now()),
            )

    @_reports_damage
    def forget_rejected(self, source: str) -> None:
        with self.db as db:
            db.execute("DELETE FROM rejected WHERE source = ?", (source,))

    @_reports_damage
    def rejected(self) -> dict[str, dict]:
        rows = self.db.execute("SELECT source, hash, reason, at FROM rejected ORDER BY source")
        return {s: {"hash": h, "reason": r, "at": a} for s, h, r, a in rows}

    @_reports_damage
    def set_meta(self, key: str, value: str) -> None:
        with self.db as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    @_reports_damage
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @_reports_damage
    def stats(self) -> dict:
        db = self.db
        return {
            "store": str(self.path),
            "events": db.execute("SELECT count(*) FROM events").fetchone()[0],
            "releases": db.execute("SELECT count(*) FROM releases").fetchone()[0],
            "sources": db.execute("SELECT count(*) FROM sources").fetchone()[0],
            "rejected": db.execute("SELECT count(*) FROM rejected").fetchone()[0],
        }

    # --- rebuild: a new file, then an atomic symlink swap ---
    def begin_rebuild(self) -> "SqliteStore":
        _sweep_rebuilds(self.path)
        target = self.path.parent / f"{self.path.name}.{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}.db"
        _remove_db(target)
        _building.add(str(target))
        try:
            return SqliteStore(target)
        except BaseException:
            self._drop(target)
            raise

    def finish_rebuild(self, new: Store) -> None:
        assert isinstance(new, SqliteStore)
        with new.db as db:
            for key, value in self._old_meta():
                db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (key, value))
        new.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        new.close()
        _building.discard(str(new.path))
        old_real = self.path.resolve() if self.path.is_symlink() else None
        link = self.path.parent / f".{self.path.name}.swap"
        link.unlink(missing_ok=True)
        os.symlink(new.path.name, link)
        self.close()
        os.replace(link, self.path)  # atomic: readers see the old file or the new one
        if old_real is not None and old_real != new.path.resolve():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{old_real}{suffix}").unlink(missing_ok=True)
        else:
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def abort_rebuild(self, new: Store) -> None:
        assert isinstance(new, SqliteStore)
        new.close()
        self._drop(new.path)

    @staticmethod
    def _drop(target: Path) -> None:
        _remove_db(target)
        _building.discard(str(target))

    def _old_meta(self) -> list[tuple[str, str]]:
        """The live store's meta rows to carry over; none when it is damaged (`reindex --source` replaces it)."""
        try:
            return self.db.execute("SELECT key, value FROM meta").fetchall()
        except (sqlite3.DatabaseError, StoreError):
            return []


# --- read-only deployments: a reader that cannot create the -shm file of a WAL database ---
def _no_writer_and_no_shm(real: str) -> bool:
    """True when no writer has the file open (a WAL writer always keeps -wal and -shm next to it) and
    this process cannot create the -shm a WAL reader needs (the web runs as another user, or on a
    read-only mount). Such a reader opens the file immutable, which is safe only while no writer
    exists: `_writer_appeared` makes the next operation reconnect in the normal read-only mode."""
    return not _writer_appeared(real) and not os.access(os.path.dirname(real), os.W_OK)


def _writer_appeared(real: str) -> bool:
    return os.path.exists(real + "-shm") or os.path.exists(real + "-wal")


# --- rebuild files: `<store>.<YYYYmmddHHMMSS>-<pid>.db`, live once the store's symlink points at one ---
_REBUILD = re.compile(r"\.\d{14}-(\d+)\.db$")
_building: set[str] = set()  # rebuild files this process is filling


def _sweep_rebuilds(store: Path) -> None:
    """Delete rebuild files left by a reindex that died (killed, disk full): a full-size copy of the
    store that nothing will ever use. Never the live target of the symlink, never one being filled
    by a process that is alive (this process's own leftovers from an earlier run with the same pid
    — usual in containers — are swept)."""
    live = os.path.realpath(store) if store.is_symlink() else None
    for path in store.parent.glob(glob.escape(store.name) + ".*-*.db"):
        m = _REBUILD.fullmatch(path.name[len(store.name):])
        if not m or str(path) == live or str(path) in _building:
            continue
        pid = int(m.group(1))
        if pid != os.getpid() and _alive(pid):
            continue
        try:
            _remove_db(path)
        except OSError:
            pass  # not ours to delete (another user's folder): harmless, it is only disk space


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class CountCache:
    """Recent searches' totals and facet counts, keyed by the data generation (an LRU)."""

    def __init__(self, size: int = 256):
        self.size, self._items, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def _save_columns(db: sqlite3.Connection) -> None:
    """Columns of the store as it is inside the merge step's transaction, saved with it."""
    snapshot.save(db, columns.load(db, "merge", snapshot.load(db)))


def _generation(db: sqlite3.Connection) -> str:
    """The data generation, unique across files: «<file uid>:<writes so far>»."""
    found = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('uid', 'generation')"))
    return f"{found.get('uid', '')}:{found.get('generation', '0')}"


def _bump_generation(db: sqlite3.Connection) -> None:
    db.execute("INSERT INTO meta(key, value) VALUES ('generation', '1') "
               "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")


def _docs(db: sqlite3.Connection, rowids: list[int]) -> dict[int, dict]:
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    return {r: json.loads(d) for r, d in db.execute(f"SELECT rowid, doc FROM events WHERE rowid IN ({marks})", rowids)}


def insert_events(db: sqlite3.Connection, events: list[dict]) -> None:
    """Insert event documents with their text and facet rows (inside the caller's transaction).

    Rowids only grow, never reused after a delete: the web processes' columns
    (`sqlite_columns`) load just the rows past the last rowid they have seen.
    """
    row = db.execute("SELECT value FROM meta WHERE key = 'last_rowid'").fetchone()
    last = max(int(row[0]) if row else 0, db.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0)
    for doc in events:
        last += 1
        terms = doc.get("terms", [])
        db.execute(
            "INSERT INTO events(rowid, id, release_id, n, date, doc) VALUES (?, ?, ?, ?, ?, ?)",
            (last, doc["id"], doc["release_id"], doc["n"], doc["date"], json.dumps(doc, ensure_ascii=False)),
        )
        db.execute("INSERT INTO fts(rowid, terms) VALUES (?, ?)", (last, " ".join(terms)))
        db.execute("INSERT INTO fts_tf(rowid, repeats) VALUES (?, ?)", (last, _repeated(terms)))
        db.executemany(
            "INSERT OR IGNORE INTO facets(facet, value, event) VALUES (?, ?, ?)",
            [(f, v, last) for f, field in _FACET_SOURCES.items() for v in doc.get(field, [])],
        )
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_rowid', ?)", (str(last),))


def _repeated(terms: list[str]) -> str:
    """«посол посол посол встреча» → "посол посол~3": markers of the terms seen 2 to 8+ times."""
    out = []
    for t, c in Counter(terms).items():
        if c >= 2 and "~" not in t:
            out += [t] + [f"{t}~{k}" for k in range(3, min(c, MAX_TF) + 1)]
    return " ".join(out)


def _backfill_tf(db: sqlite3.Connection) -> None:
    """Stores made before `fts_tf` existed: fill it once from the stored term streams."""
    if db.execute("SELECT 1 FROM meta WHERE key = 'tf_index'").fetchone():
        return
    done = {r for (r,) in db.execute("SELECT rowid FROM fts_tf")}
    for rowid, doc in db.execute("SELECT rowid, doc FROM events").fetchall():
        if rowid not in done:
            terms = json.loads(doc).get("terms", [])
            db.execute("INSERT INTO fts_tf(rowid, repeats) VALUES (?, ?)", (rowid, _repeated(terms)))
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('tf_index', '1')")


COLUMNS = ColumnCache()  # per process: every SqliteStore of the same file shares one copy
