"""In-memory columns of the SQLite store, one copy per web process: dates, lengths, facet values.

Facet counts, filters, the date histogram and both sort orders are array operations over these,
indexed by rowid: dates, months, document lengths, the date tie-break, and each row's combination of
facet values (`combos.py`). The merge step saves them (`snapshot.py`) so a new process loads instead
of rebuilding; a new data generation then reads only rows past the last rowid seen (rowids are never
reused, see `SqliteStore.replace_source`) and re-reads the set of live rows when some were deleted.
"""
from __future__ import annotations

import hashlib
import sqlite3
import threading
from dataclasses import dataclass

import numpy as np

from eventstore.schema import FACETS as URL_FACETS
from eventstore.schema import VALUE_FIELDS
from eventstore.stores.sqlite.combos import Combos

FACETS = tuple(VALUE_FIELDS)  # the URL facets, "kz_official" and "kz_role"
# Value sets counted together. The URL facets' combinations repeat; the Kazakh roles would multiply them.
GROUPS = {"facets": tuple(URL_FACETS), "kz": tuple(f for f in FACETS if f not in URL_FACETS)}


@dataclass
class Columns:
    """One snapshot of the columns; never mutated once built (searches in other threads hold it)."""

    generation: str
    last_rowid: int
    alive: np.ndarray  # bool by rowid: the row exists
    days: np.ndarray  # int32 by rowid: the event's date, days since 1970-01-01
    lengths: np.ndarray  # int32 by rowid: terms in the event (bm25's document length)
    tiebreak: np.ndarray  # int64 by rowid: (release id, event number) as one number (`tiebreak_keys`)
    groups: dict[str, Combos]
    by_day: np.ndarray = None  # live rowids by (day, rowid): date order walks it
    by_length: np.ndarray = None  # live rowids by (length, rowid): relevance walks it shortest first

    def __post_init__(self):
        self.month = _month(self.days)
        self.count = int(np.count_nonzero(self.alive))
        live_months = self.month[self.alive]
        # Histogram buckets: months since the first live one (dates may precede 1970).
        self.month_base = int(live_months.min()) if self.count else 0
        self.n_months = int(live_months.max()) - self.month_base + 1 if self.count else 0
        self._all = self._dead = None
        self.average_length = float(self.lengths[self.alive].sum()) / self.count if self.count else 1.0

    @property
    def size(self) -> int:
        return len(self.alive)

    def combos(self, facet: str) -> Combos:
        return next(c for c in self.groups.values() if facet in c.facets)

    def mask_of(self, ids: np.ndarray) -> np.ndarray:
        """Boolean mask of rowids; rows newer than this snapshot dropped."""
        out = np.zeros(self.size, bool)
        out[ids[ids < self.size]] = True
        return out

    def all_counts(self):
        """Per value id of the URL facets, and per month, over every live row (complements subtract from it)."""
        if self._all is None:
            ids = np.flatnonzero(self.alive)
            self._all = (self.groups["facets"].per_value(ids), self.month_counts(ids))
        return self._all

    def month_counts(self, ids: np.ndarray) -> np.ndarray:
        return np.bincount(self.month.take(ids) - self.month_base, minlength=self.n_months)

    def dead(self):
        """Rowids below `size` that are not live (deleted, or never used), as a bitmap."""
        if self._dead is None:
            from eventstore.stores.sqlite.postings import as_bitmap

            self._dead = as_bitmap(np.flatnonzero(~self.alive))
        return self._dead

    def months(self, counts: np.ndarray) -> list[tuple[str, int]]:
        """("YYYY-MM", count) for months with a count (`month_counts`), in date order."""
        out = []
        for i in np.flatnonzero(counts).tolist():
            m = self.month_base + i  # months since 1970-01
            out.append((f"{1970 + m // 12:04d}-{m % 12 + 1:02d}", int(counts[i])))
        return out

    def date_mask(self, date_from, date_to) -> np.ndarray | None:
        if not (date_from or date_to):
            return None
        out = self.alive.copy()
        if date_from:
            out &= self.days >= _day(date_from)
        if date_to:
            out &= self.days <= _day(date_to)
        return out

    def orders(self) -> tuple[np.ndarray, np.ndarray]:
        """(by_day, by_length), made once per snapshot when it was loaded without them."""
        if self.by_day is None:
            self.by_day, self.by_length = sort_orders(self, None)
        return self.by_day, self.by_length


def day_key(cols: Columns, rows: np.ndarray) -> np.ndarray:
    return (cols.days[rows].astype(np.int64) << 32) | rows


def length_key(cols: Columns, rows: np.ndarray) -> np.ndarray:
    return (cols.lengths[rows].astype(np.int64) << 32) | rows


def sort_orders(cols: Columns, previous: Columns | None) -> tuple[np.ndarray, np.ndarray]:
    """Live rowids by day and by length: the previous snapshot's orders with the new rows merged in."""
    if previous is None or previous.by_day is None:
        live = np.flatnonzero(cols.alive)
        return live[np.argsort(day_key(cols, live))], live[np.argsort(length_key(cols, live))]
    new = np.arange(previous.size, cols.size)
    new = new[cols.alive[new]]
    out = []
    for old, key in ((previous.by_day, day_key), (previous.by_length, length_key)):
        if not cols.alive[old].all():
            old = old[cols.alive[old]]
        if len(new):
            add = new[np.argsort(key(cols, new))]
            old = np.insert(old, np.searchsorted(key(cols, old), key(cols, add)), add)
        out.append(old)
    return out[0], out[1]


class ColumnCache:
    """The current `Columns` of each store file, refreshed when the data generation changes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_file: dict[tuple, Columns] = {}

    def holds(self, path: str) -> bool:
        """Whether columns of this store file are loaded in this process."""
        return any(key[0] == path for key in self._by_file)

    def clear(self) -> None:
        with self._lock:
            self._by_file = {}

    def get(self, db: sqlite3.Connection, file_key: tuple, generation: str) -> Columns:
        cols = self._by_file.get(file_key)
        if cols is not None and cols.generation == generation:
            return cols
        with self._lock:
            cols = self._by_file.get(file_key)
            if cols is None or cols.generation != generation:
                if cols is None:
                    from eventstore.stores.sqlite import snapshot

                    cols = snapshot.load(db)
                cols = load(db, generation, cols)
                self._by_file = {file_key: cols, **{k: v for k, v in self._by_file.items() if k[0] != file_key[0]}}
            return cols


def load(db: sqlite3.Connection, generation: str, previous: Columns | None = None) -> Columns:
    """Columns for `generation`, reusing `previous` (same file) for the rows it already has."""
    start = previous.last_rowid if previous else 0
    top = db.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
    if previous is not None and top < start:
        previous, start = None, 0  # the store went back (restored from a copy): start over
    size = max(top, start) + 1
    alive = _grow(previous.alive if previous else None, size, False)
    days = _grow(previous.days if previous else None, size, 0, np.int32)
    lengths = _grow(previous.lengths if previous else None, size, 0, np.int32)
    tiebreak = _grow(previous.tiebreak if previous else None, size, 0, np.int64)
    rowids, dates, releases, numbers = db.execute(
        "SELECT group_concat(rowid), group_concat(date), group_concat(release_id), group_concat(n) FROM events "
        "WHERE rowid > ?", (start,)).fetchone()
    if rowids:
        new = ints(rowids)
        alive[new] = True
        days[new] = parse_days(dates, len(new))
        tiebreak[new] = tiebreak_keys(releases, ints(numbers))
        ids, sizes = db.execute("SELECT group_concat(id), group_concat(hex(sz), '') FROM fts_docsize WHERE id > ?",
                                (start,)).fetchone()
        if ids:
            lengths[ints(ids)] = varints(bytes.fromhex(sizes))
    if start:  # a few new rows: find them through the event index
        sql = ("SELECT facet, value, group_concat(event) FROM facets INDEXED BY facets_event WHERE event > ? "
               "GROUP BY facet, value")
    else:  # everything: the primary key is already in (facet, value) order
        sql = "SELECT facet, value, group_concat(event) FROM facets WHERE event > ? GROUP BY facet, value"
    found = {name: [] for name in GROUPS}
    group_of = {f: name for name, facets in GROUPS.items() for f in facets}
    for facet, value, joined in db.execute(sql, (start,)):
        if facet in group_of:
            found[group_of[facet]].append((facet, value, ints(joined)))
    groups = {name: (previous.groups[name] if previous else Combos(facets)).extended(size, found[name])
              for name, facets in GROUPS.items()}
    if previous is not None:
        live = db.execute("SELECT count(*) FROM events").fetchone()[0]
        if live != int(np.count_nonzero(alive)):  # rows were deleted: re-read which are left
            (joined,) = db.execute("SELECT group_concat(rowid) FROM events").fetchone()
            alive[:] = False
            if joined:
                alive[ints(joined)] = True
    cols = Columns(generation, size - 1, alive, days, lengths, tiebreak, groups)
    if previous is not None and previous.by_day is not None:
        cols.by_day, cols.by_length = sort_orders(cols, previous)
    return cols


def _grow(old, size, fill, dtype=bool):
    out = np.full(size, fill, dtype)
    if old is not None:
        out[: len(old)] = old
    return out


def ints(joined: str | None) -> np.ndarray:
    """"3,5,8" → array([3, 5, 8]) without a Python loop (group_concat does the fetching in C)."""
    if not joined:
        return np.zeros(0, np.int64)
    return np.array(joined.split(","), dtype=np.int64) if len(joined) < 64 else np.fromstring(joined, np.int64, sep=",")


def parse_days(joined: str, n: int) -> np.ndarray:
    """"2026-02-17,2026-02-18" → days since 1970-01-01."""
    raw = joined.encode("ascii", "replace")
    if len(raw) == 11 * n - 1:  # every date is YYYY-MM-DD: parse the digits as a matrix
        m = np.frombuffer(raw + b",", np.uint8).reshape(n, 11)[:, :10].astype(np.int32) - 48
        y = m[:, 0] * 1000 + m[:, 1] * 100 + m[:, 2] * 10 + m[:, 3]
        mo = m[:, 5] * 10 + m[:, 6]
        d = m[:, 8] * 10 + m[:, 9]
        ok = (m[:, [0, 1, 2, 3, 5, 6, 8, 9]] <= 9).all() and (mo >= 1).all() and (mo <= 12).all()
        if ok:
            months = (y - 1970) * 12 + (mo - 1)
            return (np.array(months, "datetime64[M]").astype("datetime64[D]").astype(np.int64) + d - 1).astype(np.int32)
    return np.array(joined.split(","), "datetime64[D]").astype(np.int32)


def tiebreak_keys(joined: str, numbers: np.ndarray) -> np.ndarray:
    """Release ids ("3fa2…", 12 hex digits) and event numbers → one int64 in (release_id, n) order.

    Stores order events of the same date by release id, then event number; a 12-digit hex id read
    as a number sorts like the string does. Other ids (tests) get a stable hash: still one order.
    """
    n = len(numbers)
    raw = joined.encode("ascii", "replace")
    if len(raw) == 13 * n - 1:
        m = np.frombuffer(raw + b",", np.uint8).reshape(n, 13)[:, :12]
        digits = np.where(m >= 97, m - 87, m - 48).astype(np.int64)
        if ((digits >= 0) & (digits < 16)).all():
            rel = np.zeros(n, np.int64)
            for j in range(12):
                rel = rel * 16 + digits[:, j]
            return (rel << 12) | np.minimum(numbers, 4095)
    rel = np.array([int(hashlib.sha1(r.encode()).hexdigest()[:12], 16) for r in joined.split(",")], np.int64)
    return (rel << 12) | np.minimum(numbers, 4095)


def _month(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 (the histogram's buckets)."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int32)


def _day(d) -> int:
    return int(np.datetime64(d.isoformat(), "D").astype(np.int64))


def varints(raw: bytes) -> np.ndarray:
    """Concatenated SQLite varints (FTS5's document sizes, one column) → their values."""
    b = np.frombuffer(raw, np.uint8)
    ends = np.flatnonzero(b < 0x80)
    starts = np.concatenate(([0], ends[:-1] + 1))
    width = ends - starts + 1
    out = np.zeros(len(ends), np.int64)
    for j in range(int(width.max()) if len(width) else 0):
        has = width > j
        out[has] = out[has] * 128 + (b[starts[has] + j] & 0x7F)
    return out.astype(np.int32)
