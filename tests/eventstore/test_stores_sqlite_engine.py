"""The SQLite search engine against plain SQL over the same file: same rows, counts and order.

Relevance is bm25 computed in numpy; for words it must give FTS5's own `rank` order.
"""
import sqlite3

import numpy as np
import pytest

from eventstore.query import Query, parse
from eventstore.search import Searcher, SearchRequest, Timer
from eventstore.stores import open_store
from eventstore.stores.sqlite import engine, ranking
from eventstore.stores.sqlite.fts import fts5_expression

WORDS = ["посол", "провести", "встреча", "казахстан", "министр", "обсудить", "сторона", "участие"]
TEXTS = WORDS + ["посол OR министр", "казахстан -посол", "посол министр", "провел встречу",
                 '"посол Казахстана"', '"провел встречу"', '"посол Казахстана" OR министр']


@pytest.fixture
def reader(sqlite_store_path):
    store = open_store(str(sqlite_store_path), readonly=True)
    yield store
    store.close()


@pytest.fixture
def raw(sqlite_store_path):
    db = sqlite3.connect(sqlite_store_path)
    yield db
    db.close()


def expression(text: str) -> str:
    positive, negative = fts5_expression(parse(text).must, parse(text).must_not)
    return f"({positive}) NOT ({negative})" if negative else positive


def ranked_ids(raw, text: str) -> list[str]:
    """FTS5's own ranking of every match, ties newest first: the order a page must follow."""
    return [r for (r,) in raw.execute(
        "SELECT e.id FROM fts f JOIN events e ON e.rowid = f.rowid WHERE fts MATCH ? "
        "ORDER BY f.rank, e.date DESC, e.release_id DESC, e.n DESC", (expression(text),))]


def all_pages(store, **kw) -> list[str]:
    out, page = [], 1
    while True:
        res = Searcher(store).search(Query(page=page, per_page=4, **kw))
        out += [h.doc["id"] for h in res.hits]
        if page * 4 >= res.total:
            return out
        page += 1


@pytest.mark.parametrize("word", WORDS)
def test_numpy_bm25_equals_fts5_bm25_for_single_words(reader, raw, word):
    db, cols = reader.db, reader.columns()
    text = parse(word)
    m = engine.Matcher(db, cols, SearchRequest.of(Query(text=word)))
    ids = np.flatnonzero(m.selected())
    assert len(ids) >= 3, "the sample corpus should use this word in several events"
    bm25 = ranking.Bm25(db, cols, m.postings, ids, text)
    bm25.load_counts()
    ours = bm25.scores()
    theirs = dict(raw.execute("SELECT rowid, -bm25(fts) FROM fts WHERE fts MATCH ?", (expression(word),)))
    assert np.allclose(ours, [theirs[int(i)] for i in ids], rtol=1e-9)


@pytest.mark.parametrize("text", TEXTS)
def test_relevance_pages_follow_fts5_ranking(reader, raw, text):
    expected = ranked_ids(raw, text)
    assert len(expected) > 6, "the query should match several pages"
    assert all_pages(reader, text=text) == expected


def test_phrase_estimates_are_upper_bounds_and_refine_makes_them_exact(reader, raw):
    db, cols = reader.db, reader.columns()
    text = parse('"посол Казахстана"')
    m = engine.Matcher(db, cols, SearchRequest.of(Query(text='"посол Казахстана"')))
    ids = np.flatnonzero(m.selected())
    bm25 = ranking.Bm25(db, cols, m.postings, ids, text)
    bm25.load_counts()
    exact = bm25.refine(np.arange(len(ids)))
    theirs = dict(raw.execute("SELECT rowid, -bm25(fts) FROM fts WHERE fts MATCH ?", (expression('"посол Казахстана"'),)))
    assert np.allclose(exact, [theirs[int(i)] for i in ids], rtol=1e-9)
    assert (bm25.scores() >= exact - 1e-12).all()


@pytest.mark.parametrize("sort", ["date_desc", "date_asc"])
def test_date_order_is_date_then_release_then_event_number(reader, raw, sort):
    d = "DESC" if sort == "date_desc" else "ASC"
    expected = [r for (r,) in raw.execute(f"SELECT id FROM events ORDER BY date {d}, release_id {d}, n {d}")]
    assert all_pages(reader, sort=sort) == expected


def test_counts_equal_group_by_over_the_same_rows(reader, raw):
    res = Searcher(reader).search(Query(text="посол"))
    matched = "SELECT rowid FROM fts WHERE fts MATCH ?"
    for facet in ("country", "official", "org"):
        expected = raw.execute(
            f"SELECT value, count(*) c FROM facets WHERE facet = ? AND event IN ({matched}) GROUP BY value "
            "ORDER BY c DESC, value", (facet, expression("посол"))).fetchall()
        # The same counts, and the values of the GROUP BY; ties are ordered by label above the store.
        got = [(v.value, v.count) for v in res.facets[facet]]
        assert [c for _, c in got] == [c for _, c in expected[:50]] and set(got) <= set(expected)
    months = raw.execute(f"SELECT substr(date, 1, 7) m, count(*) FROM events WHERE rowid IN ({matched}) "
                         "GROUP BY m ORDER BY m", (expression("посол"),)).fetchall()
    assert [(v.value, v.count) for v in res.facets["date"]] == months
    assert res.total == raw.execute(f"SELECT count(*) FROM ({matched})", (expression("посол"),)).fetchone()[0]


def test_timer_names_every_part_of_a_search(reader):
    timer = Timer()
    Searcher(reader).search(Query(text="посол"), timer=timer)
    assert set(timer.parts) == {"columns", "match", "counts", "page", "snippets"}
    assert all(v >= 0 for v in timer.parts.values())
