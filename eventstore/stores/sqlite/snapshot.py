"""The columns saved inside the store file, so that a new process loads them instead of rebuilding.

The merge step writes them in its own transaction, for the rows up to its watermark; a process then
reads only the rows after that (`columns.load`). Every blob carries a CRC32 and the arrays must fit
each other: a damaged or inconsistent snapshot is ignored (the columns are rebuilt from the tables:
slower, never wrong) and the next merge step writes a good one.

Kept in the SQLite file rather than as .npy files mapped next to it: one file to copy, written in
the same transaction as the postings it goes with (never stale, never half-written), and loaded in
a fraction of a second at a million events — the first-search and memory goals hold without
sharing pages between processes.
"""
from __future__ import annotations

import io
import json
import sqlite3
import zlib

import numpy as np

from eventstore.stores.sqlite.columns import GROUPS, Columns
from eventstore.stores.sqlite.combos import Combos

SCHEMA = "CREATE TABLE IF NOT EXISTS colsnap(name TEXT PRIMARY KEY, data BLOB NOT NULL, crc INTEGER NOT NULL);"
FORMAT = "1"
_ROW_ARRAYS = ("alive", "days", "lengths", "tiebreak")
_COMBO_ARRAYS = ("combo", "pair_combo", "pair_value", "facet_of")


def save(db: sqlite3.Connection, cols: Columns) -> None:
    """Replace the snapshot with `cols` (inside the caller's transaction)."""
    by_day, by_length = cols.orders()
    arrays = {name: getattr(cols, name) for name in _ROW_ARRAYS}
    arrays.update(by_day=by_day, by_length=by_length)
    meta = {"format": FORMAT, "last_rowid": cols.last_rowid, "groups": {}}
    for group, combos in cols.groups.items():
        meta["groups"][group] = {"facets": list(combos.facets), "values": combos.values, "n_combos": combos.n_combos}
        for name in _COMBO_ARRAYS:
            arrays[f"{group}.{name}"] = getattr(combos, name)
    blobs = {name: _npy(a) for name, a in arrays.items()}
    blobs["meta"] = json.dumps(meta, ensure_ascii=False).encode()
    db.execute("DELETE FROM colsnap")
    db.executemany("INSERT INTO colsnap(name, data, crc) VALUES (?, ?, ?)",
                   [(name, data, zlib.crc32(data)) for name, data in blobs.items()])


def load(db: sqlite3.Connection) -> Columns | None:
    """The saved columns, or None when there are none or they are not to be trusted."""
    try:
        rows = db.execute("SELECT name, data, crc FROM colsnap").fetchall()
    except sqlite3.OperationalError:  # a store older than the snapshot, opened read-only
        return None
    try:
        return _columns(rows)
    except (ValueError, KeyError, TypeError, IndexError, OSError):
        return None


def _columns(rows) -> Columns | None:
    if not rows:
        return None
    blobs = {}
    for name, data, crc in rows:
        if zlib.crc32(data) != crc:
            raise ValueError(f"snapshot blob {name} is damaged")
        blobs[name] = data
    meta = json.loads(blobs.pop("meta"))
    if meta.get("format") != FORMAT or set(meta["groups"]) != set(GROUPS):
        return None
    a = {name: np.load(io.BytesIO(data), allow_pickle=False) for name, data in blobs.items()}
    size = meta["last_rowid"] + 1
    if any(len(a[name]) != size for name in _ROW_ARRAYS):
        raise ValueError("snapshot arrays of different lengths")
    groups = {}
    for group, g in meta["groups"].items():
        if tuple(g["facets"]) != GROUPS[group]:
            return None
        combos = Combos(tuple(g["facets"]), g["values"], n_combos=g["n_combos"],
                        **{name: a[f"{group}.{name}"] for name in _COMBO_ARRAYS})
        _check(combos, size)
        groups[group] = combos
    for order in ("by_day", "by_length"):
        if len(a[order]) and (a[order].min() < 0 or a[order].max() >= size):
            raise ValueError("snapshot order out of range")
    return Columns("snapshot", size - 1, a["alive"].astype(bool), a["days"], a["lengths"], a["tiebreak"], groups,
                   a["by_day"], a["by_length"])


def _check(c: Combos, size: int) -> None:
    n_values = len(c.values)
    if (len(c.combo) != size or len(c.facet_of) != n_values or len(c.pair_combo) != len(c.pair_value)
            or (len(c.combo) and (c.combo.min() < 0 or c.combo.max() >= c.n_combos))
            or (len(c.pair_value) and (c.pair_value.min() < 0 or c.pair_value.max() >= n_values
                                       or c.pair_combo.min() < 0 or c.pair_combo.max() >= c.n_combos))
            or (n_values and (c.facet_of.min() < 0 or c.facet_of.max() >= len(c.facets)))):
        raise ValueError("snapshot combinations out of range")


def _npy(a: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.save(buf, a, allow_pickle=False)
    return buf.getvalue()
