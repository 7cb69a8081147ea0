"""Elasticsearch request bodies for a `SearchRequest`, built as plain objects (never query strings).

Multi-select facets: the text query narrows everything; the filters go to `post_filter` for
the hits, and each facet's aggregation runs under `request.scope(facet)`.
"""
from __future__ import annotations

from eventstore.query.model import Term, TextQuery
from eventstore.schema import FACETS, KZ_FIELD
from eventstore.search.request import Scope, SearchRequest
from eventstore.stores.sqlite.fts import phrases

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


def filters(scope: Scope) -> list[dict]:
    out = [{"terms": {field: list(values)}} for field, values in scope.field_filters()]
    if scope.date_from or scope.date_to:
        rng = {}
        if scope.date_from:
            rng["gte"] = scope.date_from.isoformat()
        if scope.date_to:
            rng["lte"] = scope.date_to.isoformat()
        out.append({"range": {"date": rng}})
    return out


def sort(request: SearchRequest) -> list:
    if request.by_relevance:
        return ["_score", {"date": "desc"}, {"id": "desc"}]
    order = "asc" if request.sort == "date_asc" else "desc"
    return [{"date": order}, {"id": order}]


def search_body(request: SearchRequest) -> dict:
    aggs = {}
    for facet in request.facets:
        aggs[facet] = {
            "filter": {"bool": {"filter": filters(request.scope(facet))}},
            "aggs": {"values": {"terms": {"field": FACETS[facet], "size": FACET_SIZE}}},
        }
    if request.histogram:
        aggs["date"] = {
            "filter": {"bool": {"filter": filters(request.scope("date"))}},
            "aggs": {"months": {"date_histogram": {
                "field": "date", "calendar_interval": "month", "format": "yyyy-MM", "min_doc_count": 1}}},
        }
    return {
        "query": text_clause(request.text),
        "post_filter": {"bool": {"filter": filters(request.scope())}},
        "aggs": aggs,
        "sort": sort(request),
        "from": request.offset,
        "size": request.size,
        "track_total_hits": True,
        "_source": {"excludes": ["terms"]},
    }


def kazakh_body(officials: list[str]) -> dict:
    """Which of these officials appear as Kazakh officials in any event."""
    return {
        "size": 0,
        "query": {"bool": {"filter": [EVENT, {"terms": {KZ_FIELD: officials}}]}},
        "aggs": {"kz": {"terms": {"field": KZ_FIELD, "include": officials, "size": len(officials)}}},
    }


def scan_body(request: SearchRequest) -> dict:
    """Every hit, filters folded into the query (no aggregations)."""
    q = text_clause(request.text)
    q["bool"]["filter"] = q["bool"]["filter"] + filters(request.scope())
    return {"query": q, "sort": sort(request), "_source": {"excludes": ["terms"]}}
