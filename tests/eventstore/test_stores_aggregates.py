"""The dossier and feed primitives (spans, term_stats, indexed_at) on every store, against the
same numbers counted by hand from the sample corpus's documents."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

import pytest

from test_stores_contract import store as searcher  # noqa: F401 (the contract's stores, as a fixture)
from eventstore.query.model import TextQuery
from eventstore.query.parse import parse
from eventstore.schema import VALUE_FIELDS, role_pair
from eventstore.search.aggregates import Span
from eventstore.search.request import SearchRequest
from eventstore.search.topics import is_topic, topic_terms
from eventstore.stores import open_store

SETS = tuple(VALUE_FIELDS)  # country, official, org, kz_official, kz_role


@pytest.fixture(scope="module")
def store(searcher):
    """Each store holding the sample corpus: SQLite, one Elasticsearch node, three."""
    return searcher.store


@pytest.fixture(scope="module")
def docs(corpus_docs):
    return [d for *_, events in corpus_docs for d in events]


def by_hand(docs, facet: str, size: int, prefix: str | None = None) -> list[Span]:
    seen = defaultdict(list)
    for d in docs:
        for v in d[VALUE_FIELDS[facet]]:
            if prefix is None or v.startswith(prefix):
                seen[v].append(d["date"])
    rows = [Span(v, len(ds), min(ds), max(ds)) for v, ds in seen.items()]
    return sorted(rows, key=lambda s: (-s.count, s.value))[:size]


def request(text: str = "", **filters) -> SearchRequest:
    dates = {k: filters.pop(k) for k in ("date_from", "date_to") if k in filters}
    return SearchRequest(parse(text), filters=tuple((f, tuple(v)) for f, v in filters.items()), **dates)


def test_spans_of_one_official_count_and_date_every_value_set(store, docs):
    for name in ("Ерлан Байжанов", "Нуржан Абдрахманов", "Кэнтаро Мацуда"):
        mine = [d for d in docs if name in d["officials"]]
        assert mine, name
        got = store.spans(request(official=[name]), SETS, 50)
        assert got == {f: by_hand(mine, f, 50) for f in SETS}, name


def test_spans_follow_text_dates_and_every_filter(store, docs):
    r = request("посол", date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    ids = {d["id"] for d in docs if "посол" in d["terms"] and "2026-02-01" <= d["date"] <= "2026-02-28"}
    mine = [d for d in docs if d["id"] in ids]
    assert len(mine) >= 5
    assert store.spans(r, ("country", "official"), 7) == {f: by_hand(mine, f, 7) for f in ("country", "official")}
    assert store.spans(request(country=["ZZ"]), ("official",), 10) == {"official": []}


def test_spans_of_one_value_prefix(store, docs):
    """`only`: a person's own roles, and their own span, whoever else is in their events."""
    name = "Ерлан Байжанов"
    mine = [d for d in docs if name in d["officials"]]
    got = store.spans(request(official=[name]), ("kz_role", "official"), 100,
                      only={"kz_role": role_pair(name, ""), "official": name})
    assert got["kz_role"] == by_hand(mine, "kz_role", 100, role_pair(name, "")) != []
    assert [s.value for s in got["official"]] == [name]
    assert store.spans(request(), ("country",), 5, only={"country": "J"})["country"] == by_hand(docs, "country", 5, "J")


def test_role_pairs_are_what_the_documents_give(docs):
    for d in docs:
        assert sorted(d["kz_roles"]) == sorted(role_pair(o, r) for o, r in d["roles"].items() if r)


def test_term_stats_count_topic_terms_in_the_events_and_in_the_store(store, docs):
    topics = {d["id"]: set(topic_terms(d["terms"])) for d in docs}
    for code in ("JP", "TR", "IN"):
        mine = [d for d in docs if code in d["countries"]]
        stats = store.term_stats(request(country=[code]), 400, min_count=1, exclude=frozenset({"посол"}))
        assert (stats.fg_total, stats.bg_total) == (len(mine), len(docs))
        fg = {t: sum(t in topics[d["id"]] for d in mine) for t in set().union(*(topics[d["id"]] for d in mine))}
        bg = {t: sum(t in ts for ts in topics.values()) for t in fg}
        assert stats.rows, code
        for term, f, b in stats.rows:  # every row exact (the corpus is smaller than any sample)
            assert is_topic(term) and term != "посол"
            assert (f, b) == (fg[term], bg[term]), (code, term)
        # Every term that is more frequent here than in the store is among the candidates.
        more = {t for t in fg if fg[t] / len(mine) > bg[t] / len(docs) and t != "посол"}
        assert more <= {t for t, *_ in stats.rows}, code


def test_term_stats_of_nothing(store):
    stats = store.term_stats(SearchRequest(TextQuery(), filters=(("country", ("ZZ",)),)), 50)
    assert (stats.fg_total, stats.rows) == (0, [])


def test_indexing_times_of_releases(store, corpus_docs):
    ids = [release["release_id"] for _, _, release, _ in corpus_docs]
    at = store.indexed_at(ids + ["no-such-release"])
    assert set(at) == set(ids)
    for value in at.values():
        assert datetime.fromisoformat(value).tzinfo is not None
