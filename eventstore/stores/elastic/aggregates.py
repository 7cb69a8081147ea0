"""Request bodies and answers of the dossier and feed primitives on Elasticsearch.

Spans: a `terms` aggregation per value set, with the `min` and `max` date under each bucket.
Topic terms: `significant_terms` over `topics` (each event's topic terms, a keyword field filled at
write time by `body.indexed`) picks the candidates with their foreground counts; a second request
counts each candidate among all events.
"""
from __future__ import annotations

from eventstore.schema import VALUE_FIELDS
from eventstore.search.aggregates import Span, TermStats
from eventstore.search.request import SearchRequest
from eventstore.stores.elastic.body import EVENT, SHARD_SIZE, filters, text_clause

TOPICS_FIELD = "topics"


def _query(request: SearchRequest) -> dict:
    """The text and every filter, as one query (no multi-select here: every filter applies)."""
    q = text_clause(request.text)
    q["bool"]["filter"] = q["bool"]["filter"] + filters(request.scope())
    return q


def spans_body(request: SearchRequest, facets: tuple[str, ...], size: int, only: dict[str, str]) -> dict:
    aggs = {}
    for facet in facets:
        terms = {"field": VALUE_FIELDS[facet], "size": size, "shard_size": max(SHARD_SIZE, size),
                 "order": [{"_count": "desc"}, {"_key": "asc"}]}
        if only.get(facet) is not None:
            terms["include"] = prefix_regexp(only[facet])
        aggs[facet] = {"terms": terms,
                       "aggs": {"first": {"min": {"field": "date"}}, "last": {"max": {"field": "date"}}}}
    return {"size": 0, "query": _query(request), "aggs": aggs, "track_total_hits": False}


def prefix_regexp(prefix: str) -> str:
    """A Lucene regular expression matching the values that begin with `prefix` (every character
    but letters and digits escaped: the syntax gives meaning to many of them)."""
    return "".join(c if c.isalnum() else "\\" + c for c in prefix) + ".*"


def spans(resp: dict, facets: tuple[str, ...]) -> dict[str, list[Span]]:
    aggs = resp["aggregations"]
    return {f: [Span(b["key"], b["doc_count"], b["first"]["value_as_string"], b["last"]["value_as_string"])
                for b in aggs[f]["buckets"]] for f in facets}


def term_stats_body(request: SearchRequest, size: int, min_count: int, exclude: frozenset[str]) -> dict:
    """The candidates and their foreground counts (`significant_terms` picks them)."""
    significant = {"field": TOPICS_FIELD, "size": size, "shard_size": max(2 * size, 200),
                   "min_doc_count": min_count, "shard_min_doc_count": 1,
                   "chi_square": {"include_negatives": False, "background_is_superset": True}}
    if exclude:
        significant["exclude"] = sorted(exclude)
    return {"size": 0, "query": _query(request), "track_total_hits": True,
            "aggs": {"topics": {"significant_terms": significant}}}


def background_body(terms: list[str]) -> dict:
    """Each candidate's document frequency among all events. `significant_terms` reports one too,
    but summed only over the shards that picked the term, so with several shards it falls short;
    a `filters` bucket per term counts it on every shard (from the postings, not the documents)."""
    return {"size": 0, "query": EVENT, "track_total_hits": True,
            "aggs": {"bg": {"filters": {"filters": {str(i): {"term": {TOPICS_FIELD: t}} for i, t in enumerate(terms)}}}}}


def term_stats(resp: dict, background: dict | None) -> TermStats:
    buckets = resp["aggregations"]["topics"]["buckets"]
    fg = resp["hits"]["total"]["value"]
    if background is None:
        return TermStats(fg, 0, [], fg, 0)
    bg = background["hits"]["total"]["value"]
    counts = background["aggregations"]["bg"]["buckets"]
    rows = [(b["key"], float(b["doc_count"]), float(max(counts[str(i)]["doc_count"], b["doc_count"])))
            for i, b in enumerate(buckets)]
    rows.sort(key=lambda r: (-r[1], r[0]))
    return TermStats(fg, bg, rows, fg, bg)


def indexed_at_body(release_ids: list[str]) -> dict:
    return {"size": len(release_ids), "_source": ["release_id", "at"],
            "query": {"bool": {"filter": [{"term": {"kind": "source"}}, {"terms": {"release_id": release_ids}}]}}}


def indexed_at(resp: dict) -> dict[str, str]:
    return {h["_source"]["release_id"]: h["_source"]["at"] for h in resp["hits"]["hits"] if h["_source"].get("at")}
