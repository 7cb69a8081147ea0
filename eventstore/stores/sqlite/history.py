"""The SQLite store's history tables: retired ids and earlier versions of releases.

`redirects` holds every event or release id an edit retired: where it moved (`new_id`, 301) or
nothing (410). `versions` holds a release's text before each edit (and its last text when its file
was deleted). Both are written inside the file's own transaction (`SqliteStore.replace_sources`).
A store made before these tables existed gets them when a writer opens it; until then a reader
finds no history (every query below answers "none").
"""
from __future__ import annotations

import json
import sqlite3
from typing import Iterable, Iterator

from eventstore.stores.history import Redirect, Revision, Version

SCHEMA = """
CREATE TABLE IF NOT EXISTS redirects(
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, release_id TEXT NOT NULL, new_id TEXT, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS redirects_release ON redirects(release_id);
CREATE TABLE IF NOT EXISTS versions(
    release_id TEXT NOT NULL, hash TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY(release_id, hash));
"""


def _rows(db: sqlite3.Connection, sql: str, args: tuple) -> list[tuple]:
    """The rows of a query; none in a store from before the history tables (a reader may not create them)."""
    try:
        return db.execute(sql, args).fetchall()
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            return []
        raise


def write(db: sqlite3.Connection, records: Iterable[Redirect | Version]) -> None:
    """Insert or replace records (inside the caller's transaction)."""
    for r in records:
        if isinstance(r, Redirect):
            db.execute("INSERT OR REPLACE INTO redirects(id, kind, release_id, new_id, at) VALUES (?, ?, ?, ?, ?)",
                       (r.id, r.kind, r.release_id, r.to, r.at))
        else:
            db.execute("INSERT OR REPLACE INTO versions(release_id, hash, at, reason, doc) VALUES (?, ?, ?, ?, ?)",
                       (r.release_id, r.hash, r.at, r.reason, json.dumps(r.release, ensure_ascii=False)))


def write_revision(db: sqlite3.Connection, revision: Revision | None) -> None:
    if revision is not None:
        write(db, (*revision.redirects, *revision.versions))


def redirect(db: sqlite3.Connection, doc_id: str) -> Redirect | None:
    rows = _rows(db, "SELECT id, kind, release_id, new_id, at FROM redirects WHERE id = ?", (doc_id,))
    return Redirect(*rows[0]) if rows else None


def versions(db: sqlite3.Connection, release_id: str) -> list[Version]:
    rows = _rows(db, "SELECT release_id, hash, at, reason, doc FROM versions WHERE release_id = ? "
                     "ORDER BY at DESC, rowid DESC", (release_id,))
    return [Version(r, h, at, reason, json.loads(doc)) for r, h, at, reason, doc in rows]


def retired_ids(db: sqlite3.Connection, release_id: str) -> list[str]:
    return [i for (i,) in db.execute("SELECT id FROM redirects WHERE release_id = ? AND kind = 'event'", (release_id,))]


def alias_of(db: sqlite3.Connection, release_id: str) -> str | None:
    """The release a retired release id moved to (an edited release's new content id names it)."""
    rows = _rows(db, "SELECT new_id FROM redirects WHERE id = ? AND kind = 'release'", (release_id,))
    return rows[0][0] if rows else None


def records(db: sqlite3.Connection) -> Iterator[Redirect | Version]:
    for row in db.execute("SELECT id, kind, release_id, new_id, at FROM redirects ORDER BY id"):
        yield Redirect(*row)
    for r, h, at, reason, doc in db.execute("SELECT release_id, hash, at, reason, doc FROM versions "
                                             "ORDER BY release_id, at"):
        yield Version(r, h, at, reason, json.loads(doc))
