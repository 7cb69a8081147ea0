"""The SQLite engine against plain SQL over FTS5 and the tables, on random queries (fixed seeds).

Two evaluators must stay equal: the postings (with FTS5 for the rows past the watermark, and for
odd rows) and FTS5 itself. Checked with nothing merged, everything merged, an unmerged tail with
deletions and replacements, and after compaction; both ranking paths (every match scored, and the
impact-ordered walk) and both date paths (all matches sorted, and the walk in day order).
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import ROOT, make_event, make_release
from eventstore.query.model import Term, TextQuery
from eventstore.search.request import SearchRequest
from eventstore.stores import open_store
from eventstore.stores.sqlite import engine, merge, postings, ranking, snapshot
from eventstore.stores.sqlite.store import COLUMNS
from eventstore.stores.sqlite.fts import fts5_expression

WORDS = [f"слово{i}" for i in range(120)] + ["посол", "казахстан", "встреча", "сторона", "бизнес-форум"]
PHRASES = [["торгово-экономический", "связь"], ["межправительственный", "комиссия", "по", "сотрудничество"],
           ["возобновляемый", "источник", "энергия"], ["посол", "казахстан"]]
ODD = "i\u0307stanbul"  # «İstanbul» lower-cased by Python: FTS5 splits it at the combining dot
COUNTRIES = ["KW", "QA", "IN", "CN", "DE", "SE", "TR"]
OFFICIALS = [f"Имя Фамилия{i}" for i in range(12)]
ORGS = ["ООН", "ШОС", "ОДКБ", "ЕАЭС"]


def _terms(rng: random.Random, long: bool = False) -> list[str]:
    """A term stream; no term more than MAX_TF times (the engine's bm25 counts no further, FTS5 does)."""
    n = rng.randint(300, 700) if long else rng.randint(3, 60)
    out, seen = [], {}
    while len(out) < n:
        r = rng.random()
        if r < 0.12:
            add = rng.choice(PHRASES)
        elif r < 0.14:
            add = [ODD]
        else:  # Zipf-like: the first words come back often, several times in one row
            add = [WORDS[min(int(rng.paretovariate(0.8)) - 1, len(WORDS) - 1)]]
        if all(seen.get(t, 0) < postings.MAX_TF for t in add):
            out += add
            for t in add:
                seen[t] = seen.get(t, 0) + 1
    return out


def _file(rng: random.Random, k: int, version: int = 0) -> tuple:
    rid = f"{k:06x}{version:06x}"
    events = []
    for n in range(1, rng.randint(3, 60)):
        day = date(2018, 1, 1) + timedelta(days=rng.randrange(2600))
        events.append(make_event(
            rid, n, "текст", terms=_terms(rng, long=rng.random() < 0.02), date=day.isoformat(),
            countries=rng.sample(COUNTRIES, rng.choice([0, 1, 1, 2, 3])),
            officials=rng.sample(OFFICIALS, rng.choice([0, 1, 2])), orgs=rng.sample(ORGS, rng.choice([0, 0, 1]))))
    return f"f{k}.txt", f"h{k}.{version}", make_release(rid), events


class Reference:
    """The answers plain SQL gives over the same file."""

    def __init__(self, path):
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = self.db.execute("SELECT rowid, id, date, release_id, n FROM events").fetchall()
        self.events = {r: (i, d, rel, n) for r, i, d, rel, n in rows}
        self.values = {}
        for facet, value, event in self.db.execute("SELECT facet, value, event FROM facets"):
            self.values.setdefault((facet, value), set()).add(event)

    def matching(self, expression: str | None) -> set[int]:
        return {r for (r,) in self.db.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (expression,))}

    def text(self, text: TextQuery) -> set[int]:
        positive, negative = fts5_expression(text.must, text.must_not)
        out = self.matching(positive) if positive else set(self.events)
        return out - self.matching(negative) if negative else out

    def scoped(self, rows: set[int], scope) -> set[int]:
        out = set(rows)
        for facet, values in scope.facets:
            sets = [self.values.get((facet, v), set()) for v in values]
            out &= set.intersection(*sets) if facet in scope.all_of else set().union(*sets)
        if scope.date_from:
            out = {r for r in out if self.events[r][1] >= scope.date_from.isoformat()}
        if scope.date_to:
            out = {r for r in out if self.events[r][1] <= scope.date_to.isoformat()}
        return out

    def answer(self, request: SearchRequest):
        text = self.text(request.text)
        hits = self.scoped(text, request.scope())
        facets = {}
        for facet in request.facets:
            rows = self.scoped(text, request.scope(facet))
            counts = [(v, len(ev & rows)) for (f, v), ev in self.values.items() if f == facet]
            facets[facet] = sorted(((v, c) for v, c in counts if c), key=lambda x: (-x[1], x[0]))
        months = {}
        for r in self.scoped(text, request.scope("date")):
            months[self.events[r][1][:7]] = months.get(self.events[r][1][:7], 0) + 1
        return len(hits), facets, sorted(months.items()), self.page(request, hits)

    def page(self, request: SearchRequest, hits: set[int]) -> list[str]:
        positive, negative = fts5_expression(request.text.must, request.text.must_not)
        if request.sort == "relevance" and positive:
            expression = f"({positive}) NOT ({negative})" if negative else positive
            ranks = dict(self.db.execute("SELECT rowid, rank FROM fts WHERE fts MATCH ?", (expression,)))
            key = {r: (float(f"{ranks[r]:.10g}"), *(_desc(x) for x in self.events[r][1:])) for r in hits}
        else:
            sign = 1 if request.sort == "date_asc" else -1
            key = {r: tuple(x if sign > 0 else _desc(x) for x in self.events[r][1:]) for r in hits}
        order = sorted(hits, key=key.__getitem__)
        return [self.events[r][0] for r in order[request.offset : request.offset + request.size]]


def _desc(x):
    return -x if isinstance(x, int) else tuple(-ord(c) for c in x)


def random_request(rng: random.Random, streams: list[list[str]]) -> SearchRequest:
    stream = rng.choice(streams)

    def word():
        return rng.choice(stream)

    def term():
        kind = rng.random()
        if kind < 0.25:  # a phrase cut from a row (2 to 4 words)
            k = rng.randint(2, 4)
            i = rng.randrange(max(1, len(stream) - k + 1))
            return Term(tuple((w,) for w in stream[i : i + k]))
        if kind < 0.32:
            return Term(((word()[:4],),), prefix=True)
        if kind < 0.36:  # a slot with alternatives
            return Term(((word(), rng.choice(WORDS)),))
        return Term(((word(),),))

    must, must_not = [], []
    shape = rng.choice(["word", "and", "or", "not", "phrase", "none", "only-not"])
    if shape in ("word", "phrase"):
        must = [(term(),)]
    elif shape == "and":
        must = [(term(),), (term(),)]
    elif shape == "or":
        must = [(term(), term())]
    elif shape == "not":
        must, must_not = [(term(),)], [term()]
    elif shape == "only-not":
        must_not = [term()]
    filters, all_of = [], ()
    if rng.random() < 0.3:
        filters.append(("country", tuple(rng.sample(COUNTRIES, rng.randint(1, 2)))))
        if rng.random() < 0.3:
            all_of = ("country",)
    if rng.random() < 0.15:
        filters.append(("official", (rng.choice(OFFICIALS),)))
    dates = {}
    if rng.random() < 0.3:
        d = date(2018, 1, 1) + timedelta(days=rng.randrange(2600))
        dates = {"date_from": d, "date_to": d + timedelta(days=rng.randrange(1, 500))}
    return SearchRequest(TextQuery(tuple(must), tuple(must_not)), tuple(filters), all_of,
                         sort=rng.choice(["relevance", "relevance", "date_desc", "date_asc"]),
                         offset=rng.choice([0, 0, 0, 20, 100]), size=rng.choice([20, 20, 50]), **dates)


def check_equal(path, seed: int, n: int = 120) -> None:
    store = open_store(str(path), readonly=True)
    ref = Reference(path)
    streams = [s.split() for (s,) in ref.db.execute("SELECT c0 FROM fts_content")]
    rng = random.Random(seed)
    for _ in range(n):
        request = random_request(rng, streams)
        total, facets, months, page = ref.answer(request)
        found = store.execute(request)
        where = f"{request.text} {request.filters} {request.sort} {request.offset}"
        assert found.total == total, where
        assert {f: sorted(v, key=lambda x: (-x[1], x[0])) for f, v in found.facets.items()} == facets, where
        assert found.months == months, where
        prefix = any(t.prefix for c in request.text.must for t in c)
        if not (prefix and request.sort == "relevance"):  # FTS5 ranks a prefix by every expansion's count
            assert [d["id"] for d, _ in found.rows] == page, where
    store.close()


@pytest.fixture(params=["all scored", "impact walk"])
def paths(request, monkeypatch):
    """Small thresholds, so a small corpus takes every path: many segments, compaction, both rankings."""
    monkeypatch.setattr(merge, "BATCH_TERMS", 20_000)
    monkeypatch.setattr(merge, "FANOUT", 3)
    monkeypatch.setattr(merge, "BASE_ROWS", 64)
    monkeypatch.setattr(engine, "WALK", 64)
    if request.param == "impact walk":
        monkeypatch.setattr(ranking, "SMALL", 0)
        monkeypatch.setattr(ranking, "WALK", 64)
    return request.param


def test_postings_equal_fts5_before_and_after_merges_with_deletions(tmp_path, paths):
    path = tmp_path / "e.sqlite3"
    rng = random.Random(5)
    writer = open_store(str(path))
    for k in range(12):
        writer.replace_source(*_file(rng, k))
    check_equal(path, seed=1, n=60)  # nothing merged: FTS5 answers for every row
    writer.flush()
    assert postings.upto(writer.db) == writer.db.execute("SELECT max(rowid) FROM events").fetchone()[0]
    check_equal(path, seed=2)
    for k in range(12, 20):  # a tail the merge step has not seen, with replaced and deleted files
        writer.replace_source(*_file(rng, k))
    writer.replace_source(*_file(rng, 3, version=1))
    writer.delete_source("f5.txt")
    check_equal(path, seed=3)
    for k in range(20, 40):
        writer.replace_source(*_file(rng, k))
        if k % 4 == 0:
            writer.flush()  # many small segments: compaction merges them
    writer.delete_source("f7.txt")
    writer.flush()
    segments = writer.db.execute("SELECT count(*) FROM postings_segments").fetchone()[0]
    assert segments < 10
    check_equal(path, seed=4)
    writer.close()


def test_long_rows_and_high_rowids_keep_their_phrases(tmp_path):
    """Rows of more than 256 terms have no places (FTS5 checks their 3+-word phrases) and rowids past
    2**24 go to another plane of place keys: both found as FTS5 finds them."""
    path = tmp_path / "e.sqlite3"
    writer = open_store(str(path))
    phrase = ["возобновляемый", "источник", "энергия"]
    long = ["слово"] * 300 + phrase + ["слово"] * 10
    writer.replace_source("a.txt", "h", make_release("r1"), [
        make_event("r1", 1, "т", terms=long), make_event("r1", 2, "т", terms=["энергия", *phrase]),
        make_event("r1", 3, "т", terms=["источник", "энергия", "возобновляемый"])])
    writer.db.execute("UPDATE meta SET value = ? WHERE key = 'last_rowid'", (str((1 << 24) - 2),))
    writer.db.commit()
    writer.replace_source("b.txt", "h", make_release("r2"), [make_event("r2", n, "т", terms=["x", *phrase])
                                                             for n in range(1, 5)])
    merge.merge(writer.db)  # the postings alone (columns of 2**24 rows are not this test's business)
    p = postings.Postings(writer.db)
    assert p.upto > 1 << 24 and not p.tail
    ids = sorted(p.phrase(phrase))
    assert ids == sorted(r for (r,) in writer.db.execute("SELECT rowid FROM fts WHERE fts MATCH ?", ('"' + " ".join(phrase) + '"',)))
    assert ids[:2] == [1, 2] and len(ids) == 6 and ids[-1] >= 1 << 24
    assert list(p.long) == [1]
    writer.close()


def _flush_in_a_process(path, env=None) -> subprocess.Popen:
    code = f"from eventstore.stores import open_store; open_store({str(path)!r}).flush()"
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **(env or {})})


@pytest.mark.slow
def test_a_merge_step_killed_at_any_point_leaves_a_store_that_answers_right(tmp_path):
    """kill -9 inside the merge step's transaction (real processes): the last committed state stays,
    equal to FTS5 with its unmerged tail; the next merge step completes."""
    path = tmp_path / "e.sqlite3"
    rng = random.Random(9)
    writer = open_store(str(path))
    for k in range(10):
        writer.replace_source(*_file(rng, k))
    writer.flush()
    for k in range(10, 16):
        writer.replace_source(*_file(rng, k))
    writer.delete_source("f2.txt")
    before = postings.upto(writer.db)
    writer.close()
    go = tmp_path / "go"
    proc = _flush_in_a_process(path, {"INDEXER_PAUSE_AT": "merge:1", "INDEXER_PAUSE_FILE": str(go)})
    for _ in range(600):  # held inside the transaction, postings written, nothing committed
        if Path(f"{go}.paused").exists():
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL
    for crash in ("merge:1", None):  # the same with os._exit at that point, then a clean step
        db = sqlite3.connect(path)
        assert postings.upto(db) == before
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        db.close()
        check_equal(path, seed=6, n=40)
        proc = _flush_in_a_process(path, {"INDEXER_CRASH_AT": crash} if crash else {})
        assert proc.wait(120) == (137 if crash else 0)
    db = sqlite3.connect(path)
    assert postings.upto(db) == db.execute("SELECT max(rowid) FROM events").fetchone()[0] > before
    db.close()
    check_equal(path, seed=7, n=40)


def test_a_damaged_or_foreign_snapshot_is_rebuilt_not_trusted(tmp_path):
    path = tmp_path / "e.sqlite3"
    rng = random.Random(4)
    writer = open_store(str(path))
    for k in range(6):
        writer.replace_source(*_file(rng, k))
    writer.flush()
    assert snapshot.load(writer.db) is not None
    db = sqlite3.connect(path)
    data = db.execute("SELECT data FROM colsnap WHERE name = 'facets.combo'").fetchone()[0]
    db.execute("UPDATE colsnap SET data = ? WHERE name = 'facets.combo'", (data[:-4] + b"\x07\x00\x00\x00",))
    db.commit()
    assert snapshot.load(db) is None  # the checksum no longer fits
    COLUMNS.clear()  # a new process
    check_equal(path, seed=8, n=40)
    # A snapshot whose arrays do not fit each other, checksums recomputed: still refused.
    db.execute("UPDATE colsnap SET data = ?, crc = ? WHERE name = 'days'", (b"x", zlib.crc32(b"x")))
    db.commit()
    assert snapshot.load(db) is None
    writer.replace_source(*_file(rng, 6))
    writer.flush()  # the next merge step writes a good one again
    assert snapshot.load(db) is not None
    COLUMNS.clear()
    check_equal(path, seed=9, n=40)
    db.close()
    writer.close()


def test_a_stale_snapshot_is_brought_up_to_date(tmp_path):
    """A process that loads a snapshot older than the store reads the rows after it and the deletions."""
    path = tmp_path / "e.sqlite3"
    rng = random.Random(3)
    writer = open_store(str(path))
    for k in range(6):
        writer.replace_source(*_file(rng, k))
    writer.flush()
    for k in range(6, 9):
        writer.replace_source(*_file(rng, k))
    writer.delete_source("f1.txt")
    writer.replace_source(*_file(rng, 4, version=1))
    COLUMNS.clear()
    check_equal(path, seed=10, n=60)
    writer.close()
