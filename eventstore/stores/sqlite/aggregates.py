"""The dossier and feed primitives on SQLite (see `eventstore.search.aggregates`).

Spans are array operations over the in-memory columns, like facet counts: the matched rows'
combinations of values (`combos.py`), counted with `bincount` and dated with a minimum and maximum
per combination, then per value. Topic
terms have no column (a million events hold ~60 million of them): they are read from the stored
term streams of an even sample of the matched events, against a background sample of the whole
store kept per process. Indexing times come from the `sources` table.
"""
from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass

import numpy as np

from eventstore.search.aggregates import Span, TermStats
from eventstore.search.request import SearchRequest
from eventstore.search.topics import is_topic
from eventstore.stores.sqlite import engine
from eventstore.stores.sqlite.columns import Columns

FG_SAMPLE = 300  # foreground events whose term streams are read (all of them below this)
BG_SAMPLE = 5_000  # background events, read once per process and kept while the store stays near its size
BG_DRIFT = 0.05  # the background sample is redrawn when the store has grown or shrunk by more than this


def matched(db: sqlite3.Connection, cols: Columns, request: SearchRequest) -> np.ndarray:
    """Rows matching the request's text and every filter (its facets' own included)."""
    return engine.Matcher(db, cols, request).selected()


def spans(db: sqlite3.Connection, cols: Columns, request: SearchRequest, facets, size: int,
          only: dict[str, str]) -> dict[str, list[Span]]:
    rows = matched(db, cols, request)
    return {facet: _spans(cols, facet, rows, size, only.get(facet)) for facet in facets}


def _spans(cols: Columns, facet: str, rows: np.ndarray, size: int, prefix: str | None) -> list[Span]:
    combos = cols.combos(facet)
    counts, first, last = combos.spans(facet, np.flatnonzero(rows), cols.days, prefix)
    present = np.flatnonzero(counts)
    if not len(present):
        return []
    if len(present) > size:  # the values that can make the top `size`, ties at the edge included
        edge = np.partition(counts[present], len(present) - size)[len(present) - size]
        present = present[counts[present] >= edge]
    order = sorted(present.tolist(), key=lambda i: (-int(counts[i]), combos.values[i]))[:size]
    return [Span(combos.values[i], int(counts[i]), _iso(first[i]), _iso(last[i])) for i in order]


def _iso(day) -> str:
    return str(np.datetime64(int(day), "D"))


def term_stats(db: sqlite3.Connection, cols: Columns, request: SearchRequest, min_count: int,
               exclude: frozenset[str], key: tuple) -> TermStats:
    """Every topic term of an even sample of the matched events, with the sample's counts scaled
    to all of them, and the background's (a sample of the store) scaled to the store."""
    ids = np.flatnonzero(matched(db, cols, request))
    fg = _even(ids, FG_SAMPLE)
    fg_counts = _topic_counts(db, fg)
    bg_sampled, bg_counts = BACKGROUND.get(db, cols, key)
    fg_scale = len(ids) / len(fg) if len(fg) else 0.0
    bg_scale = cols.count / bg_sampled if bg_sampled else 0.0
    rows = []
    for term, c in fg_counts.items():
        f = c * fg_scale
        if term in exclude or f < min_count:
            continue
        rows.append((term, f, max(bg_counts.get(term, 0) * bg_scale, f)))  # the set is part of the store
    rows.sort(key=lambda r: (-r[1], r[0]))
    return TermStats(len(ids), cols.count, rows, len(fg), bg_sampled)


def _even(ids: np.ndarray, k: int) -> np.ndarray:
    """`k` of the ids, evenly spread (all of them if there are no more)."""
    if len(ids) <= k:
        return ids
    return ids[np.unique(np.linspace(0, len(ids) - 1, k).astype(np.int64))]


def _topic_counts(db: sqlite3.Connection, rowids: np.ndarray) -> Counter:
    """In how many of these events each topic term occurs (term streams: FTS5's content table)."""
    counts: Counter = Counter()
    step = 5_000  # under SQLite's limit of bound parameters
    ids = rowids.tolist()
    for start in range(0, len(ids), step):
        chunk = ids[start : start + step]
        marks = ",".join("?" * len(chunk))
        for (stream,) in db.execute(f"SELECT c0 FROM fts_content WHERE id IN ({marks})", chunk):
            counts.update(set((stream or "").split()))
    return Counter({t: n for t, n in counts.items() if is_topic(t)})  # each distinct term judged once


@dataclass
class _Sample:
    generation: str
    size: int  # live events when it was drawn
    sampled: int
    counts: Counter


class Background:
    """Per store file: topic term counts of an even sample of every event.

    Exact (every event) while the store holds at most BG_SAMPLE events; larger stores keep one
    sample until they grow or shrink by BG_DRIFT, since the indexer commits every few minutes and
    a background rate barely moves in between.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._by_file: dict[tuple, _Sample] = {}

    def get(self, db: sqlite3.Connection, cols: Columns, key: tuple) -> tuple[int, Counter]:
        sample = self._by_file.get(key)
        if sample is None or not self._fresh(sample, cols):
            with self._lock:
                sample = self._by_file.get(key)
                if sample is None or not self._fresh(sample, cols):
                    ids = _even(np.flatnonzero(cols.alive), BG_SAMPLE)
                    sample = _Sample(cols.generation, cols.count, len(ids), _topic_counts(db, ids))
                    self._by_file = {key: sample, **{k: v for k, v in self._by_file.items() if k[0] != key[0]}}
        return sample.sampled, sample.counts

    @staticmethod
    def _fresh(sample: _Sample, cols: Columns) -> bool:
        if sample.generation == cols.generation:
            return True
        if cols.count <= BG_SAMPLE or sample.size <= BG_SAMPLE:
            return False
        return abs(cols.count - sample.size) <= BG_DRIFT * sample.size


BACKGROUND = Background()


def indexed_at(db: sqlite3.Connection, release_ids: list[str]) -> dict[str, str]:
    out = {}
    ids = list(dict.fromkeys(release_ids))
    for start in range(0, len(ids), 5_000):
        chunk = ids[start : start + 5_000]
        marks = ",".join("?" * len(chunk))
        out.update((r, at) for r, at in db.execute(
            f"SELECT release_id, indexed_at FROM sources WHERE release_id IN ({marks})", chunk) if at)
    return out
