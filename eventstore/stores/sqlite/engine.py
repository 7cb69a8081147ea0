"""One search on the SQLite store: FTS5 finds the matching rows, numpy columns do the rest.

FTS5 evaluates the text (AND/OR/NOT, phrases) and hands back the matching rowids as one
string; filters, counts, histogram and date order are array operations over `Columns`.
Relevance is FTS5's bm25 formula computed in numpy for every match at once, from the
document lengths in `Columns` and per-term frequencies (`fts_tf` holds, per event, markers of the terms
seen 2, 3, … MAX_TF+ times): the same scores as FTS5's `rank`, without its per-row cost.
"""
from __future__ import annotations

import sqlite3

import numpy as np

from eventstore.query.model import TextQuery
from eventstore.search.request import SearchRequest
from eventstore.stores.sqlite.columns import Columns, ints
from eventstore.stores.sqlite.fts import phrases, quote

MAX_TF = 8  # the highest count `fts_tf` records; bm25 has all but saturated by then

K1, B = 1.2, 0.75  # FTS5's bm25 constants
CHUNK = 500  # rowids per IN (…) list


class Matcher:
    """The rows a query's text and filters select, as boolean masks over rowids."""

    def __init__(self, db: sqlite3.Connection, cols: Columns, request: SearchRequest, expression: tuple[str | None, str | None]):
        self.db, self.cols, self.request = db, cols, request
        positive, negative = expression
        self.expression = positive if not negative else (f"({positive}) NOT ({negative})" if positive else None)
        size = cols.size
        if positive:
            self.text = self._rows(self.expression)
        elif negative:
            self.text = cols.alive & ~self._rows(negative)
        else:
            self.text = cols.alive
        self.dates = cols.date_mask(request.date_from, request.date_to)
        self.filters = {f: cols.facets[f].mask(v, size, every=f in request.all_of) for f, v in request.filters}

    def _rows(self, expression: str) -> np.ndarray:
        self.text_ids = ints(_rowids(self.db, "fts", expression))
        return self.cols.mask_of(self.text_ids)

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
    request = m.request
    facet_counts = {}
    for facet in request.facets:
        mask = m.selected(skip=facet) if facet in m.filters and facet not in request.all_of else rows
        facet_counts[facet] = m.cols.facets[facet].counts(mask)
    months = []
    if request.histogram:
        months = m.cols.months(m.selected(skip="date") if m.dates is not None else rows)
    return int(rows.sum()), facet_counts, months


def page(m: Matcher, rows: np.ndarray, text: TextQuery) -> list[tuple[int, float | None]]:
    """(rowid, FTS5 rank or None) of the asked page, in order."""
    r, cols = m.request, m.cols
    ids = np.flatnonzero(rows)
    start, end = r.offset, r.offset + r.size
    if r.sort == "relevance" and m.expression:
        if not len(ids) or start >= len(ids):
            return []
        scores = _ranked(Bm25(m, ids, text), cols, min(end, len(ids)))
        best = _top(scores, ids, cols, min(end, len(ids)))
        best = best[np.lexsort((-cols.tiebreak[ids[best]], -cols.days[ids[best]].astype(np.int64), -scores[best]))]
        # Reported like FTS5's rank: negative, lower is better.
        return [(int(ids[i]), -float(scores[i])) for i in best[start:end]]
    take = min(end, len(ids))
    if take == 0:
        return []
    sign = 1 if r.sort == "date_asc" else -1
    days, tie = sign * cols.days[ids].astype(np.int64), sign * cols.tiebreak[ids]
    if take < len(ids):  # the rows up to the k-th date, all of that date's rows included
        kth = np.partition(days, take - 1)[take - 1]
        first = np.flatnonzero(days <= kth)
    else:
        first = np.arange(len(ids))
    first = first[np.lexsort((tie[first], days[first]))]
    return [(int(row), None) for row in ids[first][start:end]]


def _top(scores: np.ndarray, ids: np.ndarray, cols: Columns, k: int) -> np.ndarray:
    """Positions of the k best scores; ties go to newer rows, as in the final order."""
    kth = np.partition(-scores, k - 1)[k - 1]
    better = np.flatnonzero(-scores < kth)
    tied = np.flatnonzero(-scores == kth)
    newest = np.lexsort((-cols.tiebreak[ids[tied]], -cols.days[ids[tied]].astype(np.int64)))
    return np.concatenate((better, tied[newest[: k - len(better)]]))


class Bm25:
    """FTS5's bm25 for each row in `ids`, from the lengths in `Columns` and the tf side index.

    Exact for words (counts up to MAX_TF). A phrase's count is first bounded by its rarest
    word's count; `refine` then counts the phrase itself in the stored term streams of the best rows.
    """

    def __init__(self, m: Matcher, ids: np.ndarray, text: TextQuery):
        cols, db = m.cols, m.db
        self.db, self.ids = db, ids
        n = max(cols.count, 1)
        self.norm = K1 * (1 - B + B * cols.lengths[ids] / cols.average_length())
        self.parts = []  # (idf, tf per row, words, present per row, prefix)
        for clause in text.must:
            alternatives = [(p, term.prefix) for term in clause for p in phrases(term)]
            for words, prefix in alternatives:
                phrase = quote(" ".join(words)) + (" *" if prefix else "")
                if len(alternatives) == 1:
                    single = len(text.must) == 1 and not text.must_not
                    df = len(m.text_ids) if single else db.execute(
                        "SELECT count(*) FROM fts WHERE fts MATCH ?", (phrase,)).fetchone()[0]
                    present = np.ones(len(ids), bool)
                else:
                    mask = cols.mask_of(_rowids(db, "fts", phrase))
                    df, present = int(mask.sum()), mask[ids]
                idf = max(np.log((n - df + 0.5) / (df + 0.5)), 1e-6)
                self.parts.append([idf, None, words, present, prefix])
        self.cols = cols
        self.estimated = any(len(words) > 1 for _, _, words, _, _ in self.parts)

    def load_counts(self) -> None:
        """Counts of every part for every row (a phrase: its rarest word's count, an upper bound;
        a prefix: 1, or 2 where some word with it is repeated — FTS5 adds up every expansion)."""
        for part in self.parts:
            if part[1] is None:
                _, _, words, present, prefix = part
                if prefix:
                    repeated = _rowids(self.db, "fts_tf", quote(words[0]) + " *")
                    part[1] = (1 + self.cols.mask_of(repeated)[self.ids]) * present
                    continue
                part[1] = np.min([_tf(self.db, self.cols, w, self.ids) for w in dict.fromkeys(words)], axis=0) * present

    def single_word_top(self, k: int) -> np.ndarray:
        """Scores whose best k are exact, for a query of one word, reading as few counts as needed.

        Rows holding the word often are few: read from the highest count down, and stop once
        the k-th best known score beats anything a row with a lower count could reach.
        """
        idf, _, (word,), _, _ = self.parts[0]
        tf, norm = np.zeros(len(self.ids)), self.norm
        best_norm = norm.min()

        def score(t, nrm):
            return idf * t * (K1 + 1) / (t + nrm)

        for level in range(MAX_TF, 1, -1):
            joined = _rowids(self.db, "fts_tf", quote(word if level == 2 else f"{word}~{level}"))
            if joined:
                tf[self.cols.mask_of(joined)[self.ids] & (tf == 0)] = level
            known = np.flatnonzero(tf)
            if len(known) >= k:
                kth = np.partition(score(tf[known], norm[known]), len(known) - k)[len(known) - k]
                if kth > score(level - 1, best_norm):
                    break
        tf[tf == 0] = 1  # the rest hold it once, or at most `level - 1` times and cannot reach the top k
        return score(tf, norm)

    def scores(self, at=slice(None), counts=None, lower: bool = False) -> np.ndarray:
        """Scores from the bounds (upper, or with `lower` a phrase counted once), or from exact `counts`."""
        out = np.zeros(len(self.ids[at]))
        for i, (idf, tf, words, present, _) in enumerate(self.parts):
            if counts is not None and counts[i] is not None:
                tf = counts[i]
            else:
                tf = (present if lower and len(words) > 1 else tf)[at].astype(float)
            out += idf * tf * (K1 + 1) / (tf + self.norm[at])
        return out

    def refine(self, at: np.ndarray) -> np.ndarray:
        """Exact scores of the rows at positions `at`: phrases counted in the stored term streams."""
        rowids = self.ids[at].tolist()
        streams = {}
        for i in range(0, len(rowids), CHUNK):  # an export refines every row: stay under SQLite's variable limit
            chunk = rowids[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            streams.update(self.db.execute(f"SELECT id, c0 FROM fts_content WHERE id IN ({marks})", chunk))
        padded = [f" {streams.get(r, '')} " for r in rowids]
        counts = []
        for _, _, words, present, _ in self.parts:
            if len(words) == 1:
                counts.append(None)
                continue
            needle = f" {' '.join(words)} "
            counts.append(np.array([p.count(needle) for p in padded], float) * present[at])
        return self.scores(at, counts)


def _ranked(bm25: Bm25, cols: Columns, k: int) -> np.ndarray:
    """Scores whose best k are exact: phrase counts are looked up for the rows that may be best.

    Those are the best by the upper bound and the best by the lower bound (a phrase counted
    once, as most are); every other row keeps its lower bound.
    """
    if len(bm25.parts) == 1 and len(bm25.parts[0][2]) == 1 and not bm25.parts[0][4]:
        return bm25.single_word_top(k)
    bm25.load_counts()
    if not bm25.estimated:
        return bm25.scores()
    ids, size = bm25.ids, min(max(2 * k, 100), len(bm25.ids))
    upper, lower = bm25.scores(), bm25.scores(lower=True)
    pool = np.union1d(_top(upper, ids, cols, size), _top(lower, ids, cols, size))
    lower[pool] = bm25.refine(pool)
    return lower


def _rowids(db: sqlite3.Connection, table: str, expression: str) -> str | None:
    """Rowids matching an FTS5 expression, as one "1,5,9" string (numpy parses it in one go)."""
    return db.execute(f"SELECT group_concat(rowid) FROM {table} WHERE {table} MATCH ?", (expression,)).fetchone()[0]


def _tf(db: sqlite3.Connection, cols: Columns, word: str, ids: np.ndarray) -> np.ndarray:
    """How often `word` occurs in each row of `ids` (1 to MAX_TF or more), for rows that have it."""
    tf = np.ones(len(ids))
    for marker in [word] + [f"{word}~{k}" for k in range(3, MAX_TF + 1)]:
        joined = _rowids(db, "fts_tf", quote(marker))
        if not joined:
            break  # nobody has it this often: nobody has it more often either
        tf += cols.mask_of(joined)[ids]
    return tf


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
