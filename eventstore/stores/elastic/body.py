"""Elasticsearch request bodies for a `SearchRequest`, built as plain objects (never query strings).

Multi-select facets: the text query narrows everything; the filters go to `post_filter` for
the hits, and each facet's aggregation runs under `request.scope(facet)`.

The lemma stream is indexed as one text of hex-encoded terms: the distribution we run has only
the `standard` tokenizer, which would split a hyphenated term («казахско-индийский») or a Chinese
word; hex keeps every term one token, so a term matches exactly what SQLite's FTS5 matches.
"""
from __future__ import annotations

from eventstore.query.model import Term, TextQuery
from eventstore.schema import FACETS, KZ_FIELD
from eventstore.search.request import Scope, SearchRequest
from eventstore.search.topics import topic_terms
from eventstore.stores.sqlite.fts import phrases

EVENT = {"term": {"kind": "event"}}
MAX_TERM_BYTES = 500  # hex doubles it; the analyzer keeps tokens up to 1 024 characters
SHARD_SIZE = 1_000  # facet buckets each shard reports: counts are exact below this many values per shard


def token(term: str) -> str:
    return term.encode("utf-8")[:MAX_TERM_BYTES].hex()


def indexed(doc: dict) -> dict:
    """An event document as Elasticsearch stores it: the lemma stream as one text, and its distinct
    topic terms as keywords (for `significant_terms`: see `aggregates.py`)."""
    terms = doc.get("terms", [])
    return {**doc, "terms": " ".join(token(t) for t in terms), "topics": topic_terms(terms)}


def term_clause(term: Term) -> dict:
    """One query word or phrase, matched on the pre-analysed `terms` field."""
    if term.prefix:  # a hex token's beginning is the hex of the term's beginning
        return {"prefix": {"terms": {"value": token(term.slots[0][0])}}}
    options = []
    for seq in phrases(term):
        if len(seq) == 1:
            options.append({"term": {"terms": token(seq[0])}})
        else:
            options.append({"match_phrase": {"terms": {"query": " ".join(token(t) for t in seq), "analyzer": "terms"}}})
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
    out = []
    for field, values, every in scope.field_filters():
        if every:
            out += [{"term": {field: v}} for v in values]
        else:
            out.append({"terms": {field: list(values)}})
    if scope.date_from or scope.date_to:
        rng = {}
        if scope.date_from:
            rng["gte"] = scope.date_from.isoformat()
        if scope.date_to:
            rng["lte"] = scope.date_to.isoformat()
        out.append({"range": {"date": rng}})
    return out


def sort(request: SearchRequest) -> list:
    """The stores' shared order: relevance, then date, release and event number as tie-breaks."""
    if request.by_relevance:
        return ["_score", {"date": "desc"}, {"release_id": "desc"}, {"n": "desc"}]
    order = "asc" if request.sort == "date_asc" else "desc"
    return [{"date": order}, {"release_id": order}, {"n": order}]


def search_body(request: SearchRequest) -> dict:
    aggs = {}
    for facet in request.facets:
        field = FACETS[facet]
        inner = {"values": {"terms": {"field": field, "size": request.facet_size,
                                      "shard_size": max(SHARD_SIZE, request.facet_size),
                                      "order": [{"_count": "desc"}, {"_key": "asc"}]}}}
        # How many different values the facet has ("показаны 50 из 95"): exact below the threshold.
        inner["distinct"] = {"cardinality": {"field": field, "precision_threshold": 3000}}
        chosen = request.selected(facet)
        if chosen:  # a selected value outside the top buckets still shows its true count
            inner["selected"] = {"filters": {"filters": {v: {"term": {field: v}} for v in chosen}}}
        aggs[facet] = {"filter": {"bool": {"filter": filters(request.scope(facet))}}, "aggs": inner}
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
    }


def facet_counts(agg: dict, selected: tuple[str, ...]) -> list[tuple[str, int]]:
    """(value, count) by count, then value; selected values always included with their true count."""
    rows = [(b["key"], b["doc_count"]) for b in agg["values"]["buckets"]]
    seen = {v for v, _ in rows}
    for value in selected:
        if value not in seen:
            rows.append((value, agg["selected"]["buckets"][value]["doc_count"]))
    return rows


def kazakh_body(officials: list[str]) -> dict:
    """Which of these officials appear as Kazakh officials in any event."""
    return {
        "size": 0,
        "query": {"bool": {"filter": [EVENT, {"terms": {KZ_FIELD: officials}}]}},
        "aggs": {"kz": {"terms": {"field": KZ_FIELD, "include": officials, "size": len(officials)}}},
    }


def scan_page(request: SearchRequest, pit: str, keep_alive: str, after: list | None, size: int = 500) -> dict:
    """One page of every hit, in order, from a point in time."""
    q = text_clause(request.text)
    q["bool"]["filter"] = q["bool"]["filter"] + filters(request.scope())
    out = {"query": q, "sort": sort(request), "size": size, "pit": {"id": pit, "keep_alive": keep_alive},
           "track_total_hits": False}
    if after is not None:
        out["search_after"] = after
    return out


def release_events(release_id: str) -> dict:
    return {"size": 10_000, "sort": [{"n": "asc"}],
            "query": {"bool": {"filter": [EVENT, {"term": {"release_id": release_id}}]}}}


def all_values(field: str, after: dict | None, size: int = 5_000) -> dict:
    """A page of every distinct value of a field (composite aggregation: no bucket limit)."""
    composite = {"size": size, "sources": [{"value": {"terms": {"field": field}}}]}
    if after:
        composite["after"] = after
    return {"size": 0, "query": EVENT, "aggs": {"values": {"composite": composite}}}


def roles_by_day(after: dict | None, size: int = 5_000) -> dict:
    """A page of every distinct (Kazakh official and role, day) pair."""
    composite = {"size": size, "sources": [
        {"role": {"terms": {"field": "kz_roles"}}},
        {"day": {"date_histogram": {"field": "date", "calendar_interval": "day", "format": "yyyy-MM-dd"}}},
    ]}
    if after:
        composite["after"] = after
    return {"size": 0, "query": EVENT, "aggs": {"pairs": {"composite": composite}}}


def coverage_body() -> dict:
    """The events' date span (counts come from `count` calls, the last indexing from sources)."""
    return {"size": 0, "query": {"bool": {"filter": [EVENT]}},
            "aggs": {"first": {"min": {"field": "date", "format": "yyyy-MM-dd"}},
                     "last": {"max": {"field": "date", "format": "yyyy-MM-dd"}}}}


def indexed_at_body() -> dict:
    return {"size": 0, "query": {"term": {"kind": "source"}}, "aggs": {"at": {"max": {"field": "at"}}}}


def term_counts_body(terms: list[str]) -> dict:
    """How many events hold each of these exact terms (one filter per term, on the hex tokens)."""
    return {"size": 0, "query": {"bool": {"filter": [EVENT]}},
            "aggs": {"terms": {"filters": {"filters": {t: {"term": {"terms": token(t)}} for t in terms}}}}}
