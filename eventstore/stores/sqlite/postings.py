"""Roaring postings beside FTS5: which rows hold a term, a repeated term, a pair of adjacent terms.

FTS5 stays the source of truth and is written per file as before. The merge step (`merge.py`)
copies what it knows into bitmaps of rowids (pyroaring's portable format), one per key and segment:

    w <term>              rows holding the term
    t <term> <k>          rows holding it k or more times, k = 2 … MAX_TF (bm25's term frequency)
    b <a> <b>             rows where term b follows term a (two-word phrases)
    c <a> <b> <k>         rows where it does so k or more times, k = 2 … MAX_TF (phrases' bm25)
    p <a> <b> <plane>     the same pairs with their place, (rowid mod 2**24) << 8 | position, for rows
                          of at most 256 terms whose rowid >> 24 is `plane`: a phrase of 3+ words is
                          a shift and an AND per word
    odd                   rows FTS5 tokenizes otherwise than `split()` (never under another key)
    long                  rows of more than 256 terms (no places: FTS5 checks their 3+-word phrases)

Rows past the watermark `upto` are not merged yet, and FTS5 answers for them (`rowid > upto`), as
it does for odd rows. Deleted rows stay in segments until a merge rewrites them: readers mask them
with the live-row column. Rowids are never reused, so a segment never needs rewriting to stay right.
"""
from __future__ import annotations

import sqlite3
import unicodedata
from array import array
from functools import lru_cache

import numpy as np
from pyroaring import BitMap

from eventstore.query.model import TextQuery
from eventstore.stores.sqlite.fts import phrases, quote

SCHEMA = """
CREATE TABLE IF NOT EXISTS postings(key TEXT NOT NULL, seg INTEGER NOT NULL, bm BLOB NOT NULL, PRIMARY KEY(key, seg));
CREATE TABLE IF NOT EXISTS postings_segments(
    seg INTEGER PRIMARY KEY, lo INTEGER NOT NULL, hi INTEGER NOT NULL, rows INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS postings_state(key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
FORMAT = "2"  # of keys and blobs; a store with another one is merged again from scratch
MAX_TF = 8  # the highest term count kept; bm25 has all but saturated by then
PLACE_BITS = 8  # positions per row in "p" keys: rows of up to 2**8 terms have places
PLANE_BITS = 32 - PLACE_BITS
CHUNK = 500  # rowids per IN (…) list


def upto(db: sqlite3.Connection) -> int:
    """The watermark: rows up to it are in the segments (0 when nothing is, or in an older format)."""
    try:
        found = dict(db.execute("SELECT key, value FROM postings_state WHERE key IN ('upto', 'format')"))
    except sqlite3.OperationalError:  # a store older than the postings, opened read-only
        return 0
    return int(found.get("upto", 0)) if found.get("format") == FORMAT else 0


@lru_cache(maxsize=65_536)
def plain(term: str) -> bool:
    """Whether FTS5 (unicode61, tokenchars '-') reads the term as this one token: letters, digits, '-',
    nothing its case folding would change."""
    for ch in term:
        if ch == "-":
            continue
        cat = unicodedata.category(ch)
        if cat[0] not in "LN" and cat != "Co" or cat in ("Lu", "Lt"):
            return False
    return bool(term)


def word_key(term: str) -> str:
    return f"w\t{term}"


def repeat_key(term: str, k: int) -> str:
    return f"t\t{term}\t{k}"


def pair_key(a: str, b: str) -> str:
    return f"b\t{a} {b}"


def pair_repeat_key(a: str, b: str, k: int) -> str:
    return f"c\t{a} {b}\t{k}"


def place_key(a: str, b: str, plane: int) -> str:
    return f"p\t{a} {b}\t{plane}"


def as_array(bm: BitMap) -> np.ndarray:
    """Sorted rowids as int64."""
    return np.frombuffer(bm.to_array(), np.uint32).astype(np.int64) if bm else np.zeros(0, np.int64)


def as_bitmap(ids) -> BitMap:
    """A bitmap of sorted or unsorted non-negative ids below 2**32 (numpy array or list)."""
    return BitMap(array("I", np.asarray(ids, np.uint32).tobytes()))


class Postings:
    """Reads keys for one search, inside the caller's read transaction."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.upto = upto(db)
        self.tail = (db.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0) > self.upto
        self._odd = self._long = None
        self._found = {}  # (words, prefix) → rows: the engine asks for a phrase more than once

    # --- stored keys ---
    def stored(self, key: str) -> BitMap:
        if not self.upto:
            return BitMap()
        parts = [BitMap.deserialize(b) for (b,) in self.db.execute("SELECT bm FROM postings WHERE key = ?", (key,))]
        return BitMap.union(*parts) if len(parts) > 1 else (parts[0] if parts else BitMap())

    def stored_range(self, prefix: str, suffix: str = "") -> BitMap:
        """Union of every stored key that starts with `prefix` (and ends with `suffix`)."""
        if not self.upto:
            return BitMap()
        rows = self.db.execute("SELECT key, bm FROM postings WHERE key >= ? AND key < ?", (prefix, prefix + "\U0010ffff"))
        parts = [BitMap.deserialize(b) for k, b in rows if k.endswith(suffix)]
        return BitMap.union(*parts) if parts else BitMap()

    @property
    def odd(self) -> BitMap:
        if self._odd is None:
            self._odd = self.stored("odd")
        return self._odd

    @property
    def long(self) -> BitMap:
        if self._long is None:
            self._long = self.stored("long")
        return self._long

    # --- FTS5 for the rows the segments do not cover ---
    def fts(self, table: str, expression: str, rows: BitMap | None = None, everywhere: bool = False,
            tail: bool = True) -> BitMap:
        """Rows matching an FTS5 expression: past the watermark (`tail`), among `rows`, or (`everywhere`) all."""
        sql = f"SELECT group_concat(rowid) FROM {table} WHERE {table} MATCH ?"
        if everywhere or not self.upto:
            return _ints(self.db.execute(sql, (expression,)).fetchone()[0])
        out = BitMap()
        if tail and self.tail:
            out |= _ints(self.db.execute(sql + " AND rowid > ?", (expression, self.upto)).fetchone()[0])
        ids = list(rows) if rows else []
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            out |= _ints(self.db.execute(sql + f" AND rowid IN ({marks})", (expression, *chunk)).fetchone()[0])
        return out

    # --- what the engine asks ---
    def phrase(self, words: list[str] | tuple[str, ...], prefix: bool = False) -> BitMap:
        """Rows holding the words in this order (one word: the word; `prefix`: a word starting so)."""
        key = (tuple(words), prefix)
        if key not in self._found:
            self._found[key] = self._phrase(words, prefix)
        return self._found[key]

    def _phrase(self, words, prefix: bool) -> BitMap:
        expression = quote(" ".join(words)) + (" *" if prefix else "")
        if not all(plain(w) for w in words):  # FTS5 would read it as other tokens: let it answer
            return self.fts("fts", expression, everywhere=True)
        if prefix:
            found = self.stored_range(word_key(words[0]))
        elif len(words) == 1:
            found = self.stored(word_key(words[0]))
        elif len(words) == 2:
            found = self.stored(pair_key(*words))
        else:
            found = self._placed(words) | self._long_phrase(words, expression)
        return found | self.fts("fts", expression, self.odd)

    def _placed(self, words) -> BitMap:
        pairs = list(zip(words, words[1:]))
        out = BitMap()
        for plane in range((self.upto >> PLANE_BITS) + 1):
            x = self.stored(place_key(*pairs[0], plane))
            for pair in pairs[1:]:
                if not x:
                    break
                x = x.shift(1) & self.stored(place_key(*pair, plane))
            if x:
                rows = as_array(x) >> PLACE_BITS  # sorted already (a bitmap's order): drop repeats in one pass
                rows = rows[np.concatenate(([True], rows[1:] != rows[:-1]))] + (plane << PLANE_BITS)
                out |= as_bitmap(rows)
        return out

    def _long_phrase(self, words, expression: str) -> BitMap:
        """Long rows (no places stored) holding every pair of the phrase, checked by FTS5."""
        if not self.long:
            return BitMap()
        candidates = self.long.copy()
        for a, b in zip(words, words[1:]):
            candidates &= self.stored(pair_key(a, b))
            if not candidates:
                return candidates
        return self.fts("fts", expression, candidates, tail=False)

    def repeated(self, word: str, k: int, prefix: bool = False) -> BitMap:
        """Rows holding the word k or more times (`prefix`: some word starting so, twice or more)."""
        if prefix:
            found = self.stored_range(f"t\t{word}", "\t2")
            expression = quote(word) + " *"
        else:
            found = self.stored(repeat_key(word, k))
            expression = quote(word if k == 2 else f"{word}~{k}")
        if not plain(word):
            return self.fts("fts_tf", expression, everywhere=True)
        return found | self.fts("fts_tf", expression, self.odd)

    def pair_repeated(self, a: str, b: str, k: int) -> BitMap:
        """Merged rows where b follows a k or more times (rows past the watermark are not known here)."""
        return self.stored(pair_repeat_key(a, b, k))

    def term(self, term) -> BitMap:
        """Rows matching one query `Term` (any of its alternatives)."""
        found = [self.phrase(p, term.prefix) for p in phrases(term)]
        return BitMap.union(*found) if len(found) > 1 else found[0]

    def positive(self, text: TextQuery) -> BitMap | None:
        """Rows matching every clause and no excluded term (None: the text has no positive clause)."""
        out = None
        for clause in text.must:
            found = [self.term(t) for t in clause]
            rows = BitMap.union(*found) if len(found) > 1 else found[0]
            out = rows if out is None else out & rows
            if not out:
                return out
        if out is not None and text.must_not:
            out = out - self.negative(text)
        return out

    def negative(self, text: TextQuery) -> BitMap:
        found = [self.term(t) for t in text.must_not]
        return BitMap.union(*found) if len(found) > 1 else (found[0] if found else BitMap())


def _ints(joined: str | None) -> BitMap:
    if not joined:
        return BitMap()
    return as_bitmap(np.array(joined.split(","), np.int64) if len(joined) < 64 else np.fromstring(joined, np.int64, sep=","))
