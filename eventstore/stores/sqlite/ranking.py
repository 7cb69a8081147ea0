"""FTS5's bm25, computed in numpy from the columns and the postings: the same scores as FTS5's `rank`.

Every match is scored at once (`Bm25`) unless the query is words only and matches many rows: then
`impact_top` finds the exact best k without scoring every match. A row's score only grows with how
often it holds a word and only falls with its length, so rows are met in impact order — those
holding a word 8+ times, then 7+, … (the "t" postings), then the rest shortest first (the
columns' length order) — and the walk stops once the k-th best score met beats what any row not
met yet could reach. Past a budget of rows it scores every match instead.
A phrase's count is first bounded by its rarest word's and pair's counts; `refine` then counts the
phrase itself in the stored term streams of the rows that may make the page.
"""
from __future__ import annotations

import sqlite3

import numpy as np

from eventstore.query.model import TextQuery
from eventstore.stores.sqlite.columns import Columns
from eventstore.stores.sqlite.fts import phrases
from eventstore.stores.sqlite.postings import MAX_TF, Postings, as_array

K1, B = 1.2, 0.75  # FTS5's bm25 constants
CHUNK = 500  # rowids per IN (…) list
SMALL = 32_768  # matches scored all at once without a second thought
WALK = 16_384  # rows of the length order looked at a time


def member(values: np.ndarray, ids: np.ndarray, size: int) -> np.ndarray:
    """Which of `ids` are in the sorted `values`: a binary search when `ids` are few, else a mask
    over every rowid."""
    if not len(values):
        return np.zeros(len(ids), bool)
    if len(ids) * 20 < size:
        i = np.searchsorted(values, ids)
        i[i == len(values)] = 0
        return values[i] == ids
    mask = np.zeros(size, bool)
    mask[values[values < size]] = True
    return mask[ids]


def live_count(cols: Columns, bm) -> int:
    """Live rows in a bitmap of rowids, without decoding it."""
    return len(bm) - bm.intersection_cardinality(cols.dead()) - bm.range_cardinality(cols.size, 1 << 32)


class Part:
    """One phrase alternative of a clause: its idf and which matched rows hold it."""

    def __init__(self, words: list[str], prefix: bool, idf: float, present: np.ndarray | None):
        self.words, self.prefix, self.idf, self.present = words, prefix, idf, present
        self.tf = self.low = None  # per row, once loaded: upper and lower bounds of the count


class Bm25:
    """bm25 of each row in `ids` (sorted live rowids matching `text`)."""

    def __init__(self, db: sqlite3.Connection, cols: Columns, postings: Postings, ids: np.ndarray, text: TextQuery,
                 df_all: int | None = None):
        self.db, self.cols, self.postings, self.ids = db, cols, postings, ids
        n = max(cols.count, 1)
        self.norm = K1 * (1 - B + B * cols.lengths[ids] / cols.average_length)
        self.parts = []
        for clause in text.must:
            alternatives = [(p, term.prefix) for term in clause for p in phrases(term)]
            for words, prefix in alternatives:
                if len(alternatives) == 1:
                    single = len(text.must) == 1 and not text.must_not
                    df = df_all if single and df_all is not None else live_count(cols, postings.phrase(words, prefix))
                    present = None
                else:
                    rows = postings.phrase(words, prefix)
                    df, present = live_count(cols, rows), member(as_array(rows), ids, cols.size)
                idf = max(np.log((n - df + 0.5) / (df + 0.5)), 1e-6)
                self.parts.append(Part(words, prefix, idf, present))

    def words_only(self) -> bool:
        return all(len(p.words) == 1 and not p.prefix for p in self.parts)

    def tf(self, word: str, ids: np.ndarray) -> np.ndarray:
        """How often `word` occurs in each row of `ids` (1 to MAX_TF), for rows that hold it."""
        out = np.ones(len(ids))
        for k in range(2, MAX_TF + 1):
            level = self.level(word, k)
            if not len(level):
                break  # nobody has it this often: nobody has it more often either
            out += member(level, ids, self.cols.size)
        return out

    def level(self, word: str, k: int) -> np.ndarray:
        """Rows holding `word` k or more times (sorted), read once per search."""
        cache = self.__dict__.setdefault("_levels", {})
        if (word, k) not in cache:
            cache[word, k] = as_array(self.postings.repeated(word, k))
        return cache[word, k]

    def load_counts(self) -> None:
        """Counts of every part for every row, as an upper bound `tf` and a lower bound `low` (equal for
        words). A phrase is bounded by its rarest word's and pair's counts (exact for a two-word phrase
        in merged rows) and held at least once; a prefix counts 1, or 2 where some word with it is
        repeated (FTS5 adds up every expansion)."""
        for p in self.parts:
            if p.tf is not None:
                continue
            if p.prefix:
                p.tf = 1.0 + member(as_array(self.postings.repeated(p.words[0], 2, prefix=True)), self.ids, self.cols.size)
                p.low = p.tf
            else:
                p.tf = np.min([self.tf(w, self.ids) for w in dict.fromkeys(p.words)], axis=0)
                p.low = p.tf
                if len(p.words) > 1:
                    pairs, merged = self._pair_counts(p.words)
                    p.tf = np.where(merged, np.minimum(p.tf, pairs), p.tf)
                    p.low = np.where(merged, pairs, 1.0) if len(p.words) == 2 else np.ones(len(self.ids))
            if p.present is not None:
                p.tf, p.low = p.tf * p.present, p.low * p.present

    def _pair_counts(self, words) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the fewest times any adjacent pair of the phrase occurs (up to MAX_TF), and whether
        the row is merged (the pair counts of other rows are not known)."""
        merged = self.ids <= self.postings.upto
        if self.postings.odd:
            merged &= ~member(as_array(self.postings.odd), self.ids, self.cols.size)
        out = np.full(len(self.ids), float(MAX_TF))
        for a, b in dict.fromkeys(zip(words, words[1:])):
            n = np.ones(len(self.ids))
            for k in range(2, MAX_TF + 1):
                level = as_array(self.postings.pair_repeated(a, b, k))
                if not len(level):
                    break
                n += member(level, self.ids, self.cols.size)
            out = np.minimum(out, n)
        return out, merged

    def scores(self, at=slice(None), counts=None, lower: bool = False) -> np.ndarray:
        """Scores from the upper bounds (`lower`: the lower ones), or from exact `counts` where given."""
        out = np.zeros(len(self.ids[at]))
        for i, p in enumerate(self.parts):
            if counts is not None and counts[i] is not None:
                tf = counts[i]
            else:
                tf = (p.low if lower else p.tf)[at].astype(float)
            out += p.idf * tf * (K1 + 1) / (tf + self.norm[at])
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
        for p in self.parts:
            if len(p.words) == 1:
                counts.append(None)
                continue
            needle = f" {' '.join(p.words)} "
            found = np.array([_occurrences(s, needle) for s in padded], float)
            counts.append(found if p.present is None else found * p.present[at])
        return self.scores(at, counts)

    def exact(self, rows: np.ndarray) -> np.ndarray:
        """Scores of some rowids (words-only queries), the same floats as `scores` gives them."""
        norm = K1 * (1 - B + B * self.cols.lengths[rows] / self.cols.average_length)
        out = np.zeros(len(rows))
        for p in self.parts:
            (word,) = p.words
            held = np.ones(len(rows), bool) if p.present is None else member(self.has(p), rows, self.cols.size)
            tf = self.tf(word, rows) * held
            out += p.idf * tf * (K1 + 1) / (tf + norm)
        return out

    def has(self, p: Part) -> np.ndarray:
        """Sorted matched rowids holding a part (parts inside an OR clause)."""
        if not hasattr(p, "rows"):
            p.rows = self.ids[p.present]
        return p.rows


def _occurrences(stream: str, needle: str) -> int:
    """Occurrences of a phrase, overlapping ones too («a b a» twice in «a b a b a»), as FTS5 counts."""
    n, i = 0, stream.find(needle)
    while i >= 0:
        n += 1
        i = stream.find(needle, i + 1)
    return n


def ranked(bm25: Bm25, k: int) -> np.ndarray:
    """Scores of every row of bm25.ids whose best k are exact.

    Rows whose bounds differ (phrases) are counted exactly in their term streams, best bounds
    first, until no row left with a mere bound could reach the k-th best exact score.
    """
    bm25.load_counts()
    upper = bm25.scores()
    if all(p.low is p.tf or np.array_equal(p.low, p.tf) for p in bm25.parts):
        return upper
    ids, size = bm25.ids, min(max(2 * k, 100), len(bm25.ids))
    lower = bm25.scores(lower=True)
    known = np.zeros(len(ids), bool)
    pool = np.union1d(top(upper, ids, bm25.cols, size), top(lower, ids, bm25.cols, size))
    while len(pool):
        lower[pool] = bm25.refine(pool)
        known[pool] = True
        kth = np.partition(lower, len(lower) - k)[len(lower) - k]
        pool = np.flatnonzero(~known & (upper >= kth))
        if len(pool) > 4 * size:
            pool = pool[np.argpartition(-upper[pool], 4 * size)[: 4 * size]]
    return lower


def top(scores: np.ndarray, ids: np.ndarray, cols: Columns, k: int) -> np.ndarray:
    """Positions of the k best scores; ties go to newer rows, as in the final order."""
    kth = -np.partition(-scores, k - 1)[k - 1]
    better = np.flatnonzero(scores > kth)
    tied = np.flatnonzero(scores == kth)
    newest = np.lexsort((-cols.tiebreak[ids[tied]], -cols.days[ids[tied]].astype(np.int64)))
    return np.concatenate((better, tied[newest[: k - len(better)]]))


def best(bm25: Bm25, matched: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(rowids, scores) holding the exact best k of the matches (`matched`: bool per rowid), or more."""
    if bm25.words_only() and len(bm25.ids) > SMALL:
        found = impact_top(bm25, matched, k)
        if found is not None:
            return found
    return bm25.ids, ranked(bm25, k)


def impact_top(bm25: Bm25, matched: np.ndarray, k: int):
    """The walk in impact order (see the module's docstring); None past the budget."""
    cols, parts = bm25.cols, bm25.parts
    by_length = cols.orders()[1]
    if not len(by_length):
        return None
    budget = len(bm25.ids) // 4  # past this many rows met, scoring every match at once is cheaper
    avg = cols.average_length

    def f(tf, norm):
        return tf * (K1 + 1) / (tf + norm)

    best_norm = K1 * (1 - B + B * cols.lengths[by_length[0]] / avg)
    below = {id(p): MAX_TF + 1 for p in parts}  # rows not met hold part p fewer than below[p] times

    def bound(norm):
        return sum(p.idf * f(min(below[id(p)] - 1, MAX_TF), norm) for p in parts)

    met, scores = np.zeros(0, np.int64), np.zeros(0)

    def kth():
        return np.partition(scores, len(scores) - k)[len(scores) - k] if len(met) >= k else -np.inf

    # 1. rows holding a word often, the level whose bound is highest first
    while True:
        open_ = [p for p in parts if below[id(p)] > 2]
        if not open_:
            break
        p = max(open_, key=lambda p: p.idf * f(min(below[id(p)] - 1, MAX_TF), best_norm))
        new = bm25.level(p.words[0], below[id(p)] - 1)
        new = new[new < cols.size]
        new = new[matched[new]]
        if len(met) + len(new) > budget:
            return None
        below[id(p)] -= 1
        if len(met):
            new = new[~member(met, new, cols.size)]
        if len(new):
            met = np.concatenate((met, new))
            scores = np.concatenate((scores, bm25.exact(new)))
            order = np.argsort(met)
            met, scores = met[order], scores[order]
        if kth() > bound(best_norm):
            return met, scores
    # 2. the rest hold each word at most once: their bound falls with length alone; shortest first
    pool_ids, pool_scores, i = [met], [scores], 0
    while i < len(by_length):
        if i > budget * 4:
            return None
        chunk = by_length[i : i + WALK]
        i += WALK
        chunk = chunk[matched[chunk]]
        if len(met):
            chunk = chunk[~member(met, chunk, cols.size)]
        if len(chunk):
            pool_ids.append(chunk)
            pool_scores.append(bm25.exact(chunk))
        ids, s = np.concatenate(pool_ids), np.concatenate(pool_scores)
        if len(ids) >= k:
            cut = np.partition(s, len(s) - k)[len(s) - k]
            keep = s >= cut  # the rest can never come back into the best k
            ids, s = ids[keep], s[keep]
            if i < len(by_length) and cut > bound(K1 * (1 - B + B * cols.lengths[by_length[i]] / avg)):
                return ids, s
        pool_ids, pool_scores = [ids], [s]
    return np.concatenate(pool_ids), np.concatenate(pool_scores)
