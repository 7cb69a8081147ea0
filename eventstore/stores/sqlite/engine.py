"""One search on the SQLite store: postings find the matching rows, numpy columns do the rest.

The text (AND/OR/NOT, phrases, prefixes) is set algebra over roaring bitmaps (`postings.py`; FTS5
answers for rows the merge step has not covered yet). Filters, counts, the histogram and both
orders are array operations over `Columns`: facet counts over each row's combination of values
(`combos.py`), date order by walking the rows in day order from the wanted end, relevance by FTS5's
bm25 computed in numpy (`ranking.py`).
"""
from __future__ import annotations

import sqlite3

import numpy as np

from eventstore.search.request import SearchRequest
from eventstore.stores.sqlite import ranking
from eventstore.stores.sqlite.columns import Columns
from eventstore.stores.sqlite.postings import Postings, as_array

CHUNK = ranking.CHUNK
WALK = 4_096  # rows of the day order looked at first (doubling)


class Matcher:
    """The rows a query's text and filters select, as boolean masks over rowids."""

    def __init__(self, db: sqlite3.Connection, cols: Columns, request: SearchRequest):
        self.db, self.cols, self.request = db, cols, request
        self.postings = Postings(db)
        text = request.text
        found = self.postings.positive(text)
        self.has_text = found is not None
        self.text_ids = None
        if found is not None:
            ids = as_array(found)
            ids = ids[ids < cols.size]
            self.text_ids = ids[cols.alive[ids]]
            self.text = cols.mask_of(self.text_ids)
        elif text.must_not:
            self.text = cols.alive & ~cols.mask_of(as_array(self.postings.negative(text)))
        else:
            self.text = cols.alive
        self.dates = cols.date_mask(request.date_from, request.date_to)
        self.filters = {f: cols.combos(f).mask(f, v, every=f in request.all_of) for f, v in request.filters}

    def selected(self, skip: str | None = None) -> np.ndarray:
        """Rows matching the text and the request's scope without `skip` (a facet name or "date")."""
        scope = self.request.scope(skip)
        out = self.text & self.cols.alive
        if self.dates is not None and (scope.date_from or scope.date_to):
            out &= self.dates
        for facet, _ in scope.facets:
            out &= self.filters[facet]
        return out


def counts(m: Matcher, rows: np.ndarray) -> tuple[int, dict, list]:
    """Total, facet counts (each facet without its own filter) and months (without the date range)."""
    request, cols = m.request, m.cols
    combos = cols.groups["facets"]
    done = {}

    def counted(mask_name: str | None):
        if mask_name not in done:
            mask = rows if mask_name is None else m.selected(skip=mask_name)
            done[mask_name] = _count(cols, mask)
        return done[mask_name]

    facet_counts = {}
    for facet in request.facets:
        own = facet in m.filters and facet not in request.all_of
        facet_counts[facet] = combos.listed(counted(facet if own else None)[0], facet)
    months = []
    if request.histogram:
        months = cols.months(counted("date" if m.dates is not None else None)[1])
    return int(np.count_nonzero(rows)), facet_counts, months


def _count(cols: Columns, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(count per value id of the URL facets, count per month) over the rows in `mask`; a mask
    holding most live rows is counted as its complement."""
    combos = cols.groups["facets"]
    if np.count_nonzero(mask) * 2 > cols.count:
        values, months = cols.all_counts()
        rest = np.flatnonzero(cols.alive & ~mask)
        return values - combos.per_value(rest), months - cols.month_counts(rest)
    ids = np.flatnonzero(mask)
    return combos.per_value(ids), cols.month_counts(ids)


def page(m: Matcher, rows: np.ndarray) -> list[tuple[int, float | None]]:
    """(rowid, FTS5 rank or None) of the asked page, in order."""
    r, cols = m.request, m.cols
    start, end = r.offset, r.offset + r.size
    if r.sort == "relevance" and m.has_text:
        ids = np.flatnonzero(rows)
        if not len(ids) or start >= len(ids):
            return []
        k = min(end, len(ids))
        bm25 = ranking.Bm25(m.db, cols, m.postings, ids, r.text, df_all=len(m.text_ids))
        found, scores = ranking.best(bm25, rows, k)
        best = ranking.top(scores, found, cols, min(k, len(found)))
        best = best[np.lexsort((-cols.tiebreak[found[best]], -cols.days[found[best]].astype(np.int64), -scores[best]))]
        # Reported like FTS5's rank: negative, lower is better.
        return [(int(found[i]), -float(scores[i])) for i in best[start:end]]
    ids = _date_candidates(cols, rows, end, ascending=r.sort == "date_asc")
    if not len(ids):
        return []
    sign = 1 if r.sort == "date_asc" else -1
    days, tie = sign * cols.days[ids].astype(np.int64), sign * cols.tiebreak[ids]
    take = min(end, len(ids))
    if take < len(ids):  # the rows up to the k-th date, all of that date's rows included
        kth = np.partition(days, take - 1)[take - 1]
        ids, days, tie = ids[days <= kth], days[days <= kth], tie[days <= kth]
    return [(int(row), None) for row in ids[np.lexsort((tie, days))][start:end]]


def _date_candidates(cols: Columns, rows: np.ndarray, k: int, ascending: bool) -> np.ndarray:
    """Matched rows that include the first k in date order and every row of the k-th one's day.

    Many matches: walk the rows in day order from the wanted end until k are met and their last
    day is over; few matches: all of them.
    """
    total = int(np.count_nonzero(rows))
    by_day = cols.orders()[0]
    if total <= 8 * k or not len(by_day):
        return np.flatnonzero(rows)
    order = by_day if ascending else by_day[::-1]
    got, n, i, step = [], 0, 0, WALK
    while i < len(order) and n < k:
        chunk = order[i : i + step]
        i, step = i + step, step * 2
        got.append(chunk[rows[chunk]])
        n += len(got[-1])
    if n >= k:  # the k-th row's day may go on past the walk: the rest of it too
        day = cols.days[np.concatenate(got)[k - 1]]
        while i < len(order):
            chunk = order[i : i + step]
            i = i + step
            same = cols.days[chunk] == day
            got.append(chunk[same & rows[chunk]])
            if not same.all():
                break
    return np.concatenate(got)


def coverage(db: sqlite3.Connection, cols: Columns) -> dict:
    """Events, releases, the events' date span and when a file was last indexed.

    Kept on the columns: every write makes a new data generation, hence new columns.
    """
    cached = getattr(cols, "coverage", None)
    if cached is None:
        cached = cols.coverage = _coverage(db, cols)
    return dict(cached)


def _coverage(db: sqlite3.Connection, cols: Columns) -> dict:
    days = cols.days[cols.alive]
    span = [str(np.datetime64(int(d), "D")) for d in (days.min(), days.max())] if len(days) else [None, None]
    releases, indexed_at = db.execute("SELECT count(*), max(indexed_at) FROM sources").fetchone()
    return {"events": cols.count, "releases": releases, "first_date": span[0], "last_date": span[1],
            "indexed_at": indexed_at}


def term_counts(db: sqlite3.Connection, terms: list[str]) -> dict[str, int]:
    """Events holding each exact term, from the FTS5 vocabulary (terms nobody holds left out)."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, 'fts', 'row')")
    out = {}
    for t in dict.fromkeys(terms):
        row = db.execute("SELECT doc FROM temp.fts_vocab WHERE term = ?", (t,)).fetchone()
        if row:
            out[t] = row[0]
    return out
