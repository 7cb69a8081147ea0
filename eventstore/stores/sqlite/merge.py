"""The merge step: rows written since the last one become a postings segment, small segments are
merged into larger ones, and the columns' snapshot follows — in one transaction with the watermark.

Segments partition the rowids up to the watermark into ranges (lo, hi]. A new one covers what the
indexer added since the last step; FANOUT neighbours of one size class are merged into one (the
count of segments stays logarithmic in the rows); a segment whose rows are more than half deleted is
rewritten alone. Merging drops deleted rows. A kill at any point leaves the last committed state,
which is correct on its own: rows past its watermark are read from FTS5 until the next step.
"""
from __future__ import annotations

import math
import sqlite3
import numpy as np
from pyroaring import BitMap

from eventstore.stores.faults import crash_point, pause_point
from eventstore.stores.sqlite import postings as P
from eventstore.stores.sqlite.columns import varints

BATCH_TERMS = 1_000_000  # terms per segment built at once (bounds the build's memory)
FANOUT = 8  # neighbours of one size class merged together
BASE_ROWS = 1_024  # size class 0: segments up to FANOUT × this many rows
FETCH = 20_000  # stored keys read at a time while merging


def merge(db: sqlite3.Connection, save_columns=None) -> None:
    """Bring the postings up to the newest row and compact them; `save_columns(db)` runs in the same
    transaction (the columns' snapshot). `db` is a connection in the sqlite3 module's default mode."""
    with db:  # one transaction
        if not db.in_transaction:
            db.execute("BEGIN IMMEDIATE")
        state = dict(db.execute("SELECT key, value FROM postings_state"))
        if state.get("format") != P.FORMAT:
            db.execute("DELETE FROM postings")
            db.execute("DELETE FROM postings_segments")
            state = {}
        upto = int(state.get("upto", 0))
        top = db.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
        if top > upto:
            _append(db, upto, top)
            upto = top
        _compact(db)
        crash_point("merge")
        pause_point("merge")
        db.executemany("INSERT OR REPLACE INTO postings_state(key, value) VALUES (?, ?)",
                       [("format", P.FORMAT), ("upto", str(upto))])
        if save_columns is not None:
            save_columns(db)


def _append(db: sqlite3.Connection, lo: int, hi: int) -> None:
    """Segments for the rows in (lo, hi], BATCH_TERMS terms at a time."""
    rows, terms, start = [], 0, lo
    for rowid, stream in db.execute("SELECT id, c0 FROM fts_content WHERE id > ? AND id <= ? ORDER BY id", (lo, hi)):
        rows.append((rowid, (stream or "").split()))
        terms += len(rows[-1][1])
        if terms >= BATCH_TERMS:
            _write(db, start, rowid, rows)
            rows, terms, start = [], 0, rowid
    if rows or start < hi:
        _write(db, start, hi, rows)


def _write(db: sqlite3.Connection, lo: int, hi: int, rows: list[tuple[int, list[str]]]) -> None:
    seg = (db.execute("SELECT max(seg) FROM postings_segments").fetchone()[0] or 0) + 1
    db.executemany("INSERT INTO postings(key, seg, bm) VALUES (?, ?, ?)", ((k, seg, b) for k, b in segment(db, lo, hi, rows)))
    db.execute("INSERT INTO postings_segments(seg, lo, hi, rows) VALUES (?, ?, ?, ?)", (seg, lo, hi, len(rows)))


class _Vocab(dict):
    def __missing__(self, term):
        self[term] = n = len(self)
        return n


def segment(db: sqlite3.Connection, lo: int, hi: int, rows: list[tuple[int, list[str]]]):
    """(key, blob) of every key for these rows (rowid, terms), rowids in (lo, hi] ascending."""
    if not rows:
        return
    vocab = _Vocab()
    rowids = np.array([r for r, _ in rows], np.int64)
    counts = np.array([len(t) for _, t in rows], np.int64)
    ids = np.fromiter((vocab[t] for _, terms in rows for t in terms), np.int64, int(counts.sum()))
    names = list(vocab)
    # Rows FTS5 reads otherwise: another number of terms than its own document size, or a term it
    # would split or fold. They stay out of every key; FTS5 answers for them.
    sizes = _fts_sizes(db, lo, hi)
    odd = np.array([sizes.get(r, -1) for r in rowids.tolist()]) != counts
    odd |= rowids >= 1 << 32
    odd_terms = np.array([not P.plain(t) for t in names], bool)
    if odd_terms.any():
        row_of = np.repeat(np.arange(len(rowids)), counts)
        odd[np.unique(row_of[odd_terms[ids]])] = True
    if odd.any():
        yield "odd", _blob(rowids[odd])
        keep = np.repeat(~odd, counts)
        ids, rowids, counts = ids[keep], rowids[~odd], counts[~odd]
    long = counts > 1 << P.PLACE_BITS
    if long.any():
        yield "long", _blob(rowids[long])
    row = np.repeat(rowids, counts)
    place = np.arange(len(ids)) - np.repeat(np.cumsum(counts) - counts, counts)
    # words and repeated words: (term, row) pairs with their count
    both, n = np.unique((ids << 32) | row, return_counts=True)
    term, term_row = both >> 32, both & 0xFFFFFFFF
    for (t,), s, e in _groups(term):
        yield P.word_key(names[t]), _blob(term_row[s:e])
    for k in range(2, P.MAX_TF + 1):
        many = n >= k
        if not many.any():
            break
        rows_k = term_row[many]
        for (t,), s, e in _groups(term[many]):
            yield P.repeat_key(names[t], k), _blob(rows_k[s:e])
    # adjacent pairs: in rows, and with their places for rows of at most 256 terms
    same = row[:-1] == row[1:]
    code = (ids[:-1] * len(names) + ids[1:])[same]
    pair_row, pair_place = row[:-1][same], place[:-1][same]
    order = np.lexsort((pair_row, code))
    code_s, row_s = code[order], pair_row[order]
    first = np.r_[True, (code_s[1:] != code_s[:-1]) | (row_s[1:] != row_s[:-1])] if len(code_s) else np.zeros(0, bool)
    code_u, row_u = code_s[first], row_s[first]
    times = np.diff(np.r_[np.flatnonzero(first), len(code_s)])  # occurrences of the pair in the row
    for (c,), s, e in _groups(code_u):
        yield P.pair_key(names[c // len(names)], names[c % len(names)]), _blob(row_u[s:e])
    for k in range(2, P.MAX_TF + 1):
        many = times >= k
        if not many.any():
            break
        rows_k = row_u[many]
        for (c,), s, e in _groups(code_u[many]):
            yield P.pair_repeat_key(names[c // len(names)], names[c % len(names)], k), _blob(rows_k[s:e])
    placed = ~np.isin(pair_row, rowids[long]) if long.any() else np.ones(len(code), bool)
    code_p, row_p, place_p = code[placed], pair_row[placed], pair_place[placed]
    plane = row_p >> P.PLANE_BITS
    element = ((row_p & ((1 << P.PLANE_BITS) - 1)) << P.PLACE_BITS) | place_p
    order = np.lexsort((element, plane, code_p))
    element = element[order]
    for (c, pl), s, e in _groups(code_p[order], plane[order]):
        yield P.place_key(names[c // len(names)], names[c % len(names)], pl), _blob(element[s:e])


def _fts_sizes(db: sqlite3.Connection, lo: int, hi: int) -> dict[int, int]:
    """FTS5's own count of terms per row in (lo, hi]."""
    ids, sizes = db.execute("SELECT group_concat(id), group_concat(hex(sz), '') FROM fts_docsize WHERE id > ? AND id <= ?",
                            (lo, hi)).fetchone()
    if not ids:
        return {}
    return dict(zip(map(int, ids.split(",")), varints(bytes.fromhex(sizes)).tolist()))


def _groups(*sorted_keys: np.ndarray):
    """((key, …), start, end) of each run of equal keys (arrays sorted together)."""
    if not len(sorted_keys[0]):
        return
    change = np.zeros(len(sorted_keys[0]) - 1, bool)
    for k in sorted_keys:
        change |= k[1:] != k[:-1]
    edges = np.flatnonzero(change) + 1
    starts = np.r_[0, edges]
    ends = np.r_[edges, len(sorted_keys[0])]
    yield from zip(zip(*(k[starts].tolist() for k in sorted_keys)), starts.tolist(), ends.tolist())


def _blob(ids: np.ndarray) -> bytes:
    bm = P.as_bitmap(ids)
    bm.run_optimize()
    return bm.serialize()


# --- compaction ---
def _size_class(rows: int) -> int:
    return max(0, int(math.log(max(rows, 1) / BASE_ROWS, FANOUT))) if rows > BASE_ROWS else 0


def _compact(db: sqlite3.Connection) -> None:
    while True:
        segs = db.execute("SELECT seg, lo, hi, rows FROM postings_segments ORDER BY lo").fetchall()
        run = _mergeable(segs)
        if run is None:
            run = _mostly_dead(db, segs)
        if run is None:
            return
        _merge_segments(db, run)


def _mergeable(segs):
    """The first FANOUT neighbours of one size class, or None."""
    classes = [_size_class(r) for _, _, _, r in segs]
    for i in range(len(segs) - FANOUT + 1):
        if len(set(classes[i : i + FANOUT])) == 1:
            return segs[i : i + FANOUT]
    return None


def _mostly_dead(db: sqlite3.Connection, segs):
    for seg in segs:
        _, lo, hi, rows = seg
        alive = db.execute("SELECT count(*) FROM events WHERE rowid > ? AND rowid <= ?", (lo, hi)).fetchone()[0]
        if rows and alive * 2 < rows:
            return [seg]
    return None


def _merge_segments(db: sqlite3.Connection, run) -> None:
    """One segment in place of `run` (neighbours), without the rows deleted since they were written."""
    ids = [s for s, _, _, _ in run]
    lo, hi = run[0][1], run[-1][2]
    alive = P.as_bitmap([r for (r,) in db.execute("SELECT rowid FROM events WHERE rowid > ? AND rowid <= ?", (lo, hi))])
    dead = BitMap(range(lo + 1, hi + 1)) - alive
    places = {}  # per plane: the places of dead rows
    for r in dead:
        start = (r & ((1 << P.PLANE_BITS) - 1)) << P.PLACE_BITS
        places.setdefault(r >> P.PLANE_BITS, BitMap()).add_range(start, start + (1 << P.PLACE_BITS))
    seg = (db.execute("SELECT max(seg) FROM postings_segments").fetchone()[0] or 0) + 1
    marks = ",".join("?" * len(ids))
    start = ""
    while True:
        batch = db.execute(f"SELECT key, bm FROM postings WHERE seg IN ({marks}) AND key >= ? ORDER BY key LIMIT ?",
                           (*ids, start, FETCH)).fetchall()
        full = len(batch) == FETCH
        if full:  # the last key may go on in the next batch
            last = batch[-1][0]
            batch = [row for row in batch if row[0] != last]
        merged = []
        for key, parts in _by_key(batch):
            bm = BitMap.union(*(BitMap.deserialize(b) for b in parts))
            if key.startswith("p\t"):
                plane = int(key.rsplit("\t", 1)[1])
                if plane in places:
                    bm -= places[plane]
            elif dead:
                bm &= alive
            if bm:
                bm.run_optimize()
                merged.append((key, seg, bm.serialize()))
        db.executemany("INSERT INTO postings(key, seg, bm) VALUES (?, ?, ?)", merged)
        if not full:
            break
        start = last
    db.execute(f"DELETE FROM postings WHERE seg IN ({marks})", ids)
    db.execute(f"DELETE FROM postings_segments WHERE seg IN ({marks})", ids)
    db.execute("INSERT INTO postings_segments(seg, lo, hi, rows) VALUES (?, ?, ?, ?)", (seg, lo, hi, len(alive)))


def _by_key(rows):
    key, parts = None, []
    for k, b in rows:
        if k != key and parts:
            yield key, parts
            parts = []
        key = k
        parts.append(b)
    if parts:
        yield key, parts
