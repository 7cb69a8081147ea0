"""Elasticsearch request bodies for a search, built as plain objects (never query strings).

Multi-select facets: the text query narrows everything; filters go to `post_filter`
for the hits, and each facet's aggregation repeats every filter but its own.
"""
from __future__ import annotations

from indexer.search.fts import phrases
from indexer.search.query import FACET_FIELDS, Query, Term, TextQuery

FACET_SIZE = 1000
EVENT = {"term": {"kind": "event"}}


def term_clause(term: Term) -> dict:
    """One query word or phrase, matched on the pre-analysed `terms` field."""
    options = []
    for seq in phrases(term):
        if len(seq) == 1:
            options.append({"term": {"terms": seq[0]}})
        else:
            options.append({"match_phrase": {"terms": {"query": " ".join(seq), "analyzer": "terms"}}})
    return options[0] if len(options) == 1 else {"bool": {"should": options, "minimum_should_match": 1}}


def text_clause(text: TextQuery) -> dict:
    must = []
    for clause in text.must:
        parts = [term_clause(t) for t in clause]
        must.append(parts[0] if len(parts) == 1 else {"bool": {"should": parts, "minimum_should_match": 1}})
    body: dict = {"must": must or [{"match_all": {}}], "filter": [EVENT]}
    if text.must_not:
        body["must_not"] = [term_clause(t) for t in text.must_not]
    return {"bool": body}


def filters(query: Query, skip: str | None = None) -> list[dict]:
    out = []
    for facet, values in query.filters().items():
        if facet != skip:
            out.append({"terms": {FACET_FIELDS[facet]: list(values)}})
    if skip != "date" and (query.date_from or query.date_to):
        rng = {}
        if query.date_from:
            rng["gte"] = query.date_from.isoformat()
        if query.date_to:
            rng["lte"] = query.date_to.isoformat()
        out.append({"range": {"date": rng}})
    return out


def sort(query: Query, text: TextQuery) -> list:
    if query.sort == "relevance" and text.must:
        return ["_score", {"date": "desc"}, {"id": "desc"}]
    order = "asc" if query.sort == "date_asc" else "desc"
    return [{"date": order}, {"id": order}]


def search_body(query: Query, text: TextQuery) -> dict:
    aggs = {}
    for facet, field in FACET_FIELDS.items():
        aggs[facet] = {
            "filter": {"bool": {"filter": filters(query, skip=facet)}},
            "aggs": {"values": {"terms": {"field": field, "size": FACET_SIZE}}},
        }
    aggs["kz"] = {"terms": {"field": "kz_officials", "size": FACET_SIZE}}
    aggs["date"] = {
        "filter": {"bool": {"filter": filters(query, skip="date")}},
        "aggs": {"months": {"date_histogram": {
            "field": "date", "calendar_interval": "month", "format": "yyyy-MM", "min_doc_count": 1}}},
    }
    return {
        "query": text_clause(text),
        "post_filter": {"bool": {"filter": filters(query)}},
        "aggs": aggs,
        "sort": sort(query, text),
        "from": (query.page - 1) * query.per_page,
        "size": query.per_page,
        "track_total_hits": True,
        "_source": {"excludes": ["terms"]},
    }


def scan_body(query: Query, text: TextQuery) -> dict:
    """Every hit, filters folded into the query (scroll has no use for aggregations)."""
    q = text_clause(text)
    q["bool"]["filter"] = q["bool"]["filter"] + filters(query)
    return {"query": q, "sort": sort(query, text), "_source": {"excludes": ["terms"]}}
