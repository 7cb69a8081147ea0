"""The same corpus in SQLite and in Elasticsearch answers the same: totals, hit sets, every facet
count, months, and date-sorted pages (relevance order may differ: each engine scores its own way)."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import drop_alias, es_alias, fill_store
from eventstore.query import Query
from eventstore.search import Searcher
from eventstore.stores import open_store

QUERIES = [
    Query(),
    Query(text="посол"), Query(text="послами"), Query(text="ПОСЛЫ Японии"),
    Query(text='"посол Казахстана"'), Query(text='"Казахстана посол"'),
    Query(text="Кувейт OR Катар"), Query(text="посол -Турции"), Query(text="-посол"),
    Query(text="казахстанско-египетской"), Query(text="египетский"), Query(text="Абдрахмановым"),
    Query(text="соединённом королевстве"), Query(text="нефтяной газ OR уран"),
    Query(country=("JP",)), Query(country=("JP", "TR")), Query(official=("Ерлан Байжанов",)),
    Query(org=("ООН",)), Query(text="посол", country=("TR",)),
    Query(country=("IN",), date_from=date(2026, 2, 1), date_to=date(2026, 2, 20)),
    Query(date_from=date(2026, 2, 10)), Query(date_to=date(2026, 2, 15), sort="date_asc"),
    Query(text="встреча", sort="date_desc", per_page=7, page=2),
    Query(sort="date_asc", per_page=13, page=3),
]


@pytest.fixture(scope="module")
def both(sqlite_store_path, corpus_docs, es_node):
    url, _ = es_node
    es = open_store(es_alias(url))
    fill_store(es, corpus_docs)
    sqlite = open_store(str(sqlite_store_path), readonly=True)
    yield Searcher(sqlite), Searcher(open_store(es.setting, readonly=True))
    drop_alias(es)


def answer(searcher, query: Query, ordered: bool) -> dict:
    res = searcher.search(query)
    hits = [h.doc["id"] for h in res.hits]
    every = [d["id"] for d in searcher.scan(query)]
    return {
        "total": res.total,
        "hits": hits if ordered else sorted(hits) if res.total <= query.per_page else len(hits),
        "all": every if ordered else sorted(every),
        "facets": {f: sorted((v.value, v.count, v.selected, v.kz) for v in vs) for f, vs in res.facets.items()},
    }


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.text or '-'}|{q.filters()}|{q.sort}|{q.page}")
def test_sqlite_and_elasticsearch_agree(both, query):
    sqlite, es = both
    ordered = query.sort != "relevance" or not query.text.strip()
    assert answer(sqlite, query, ordered) == answer(es, query, ordered)
