"""One data function per page: what the page shows, as JSON-ready dicts.

The HTML page, its JSON twin and its CSV export are renderings of the same data
(see `routes.py`), so they can never disagree.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Iterator

from werkzeug.exceptions import NotFound

from eventstore.schema import PUBLIC
from webui import urls
from webui.backend import searcher
from webui.params import check_page, query_from_args

HIT_FIELDS = PUBLIC


def search(args) -> tuple:
    """(Query, data) of a search page."""
    query = query_from_args(args)
    result = searcher().search(query)
    if result.total:
        check_page(query, result.total)
    hits = []
    for hit in result.hits:
        item = {k: hit.doc.get(k) for k in HIT_FIELDS}
        item["snippet_html"] = hit.snippet_html
        hits.append(item)
    data = {
        "total": result.total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": -(-result.total // query.per_page),
        "empty_query": result.empty_query,
        "hits": hits,
        "facets": {name: [_facet(v, name) for v in values] for name, values in result.facets.items()},
    }
    return query, data


def _facet(value, name: str) -> dict:
    d = asdict(value)
    if name == "date":
        return {"value": d["value"], "label": d["label"], "count": d["count"]}
    if name != "official":
        d.pop("kz")
    return d


def export(args) -> tuple:
    """(Query, rows): every hit of the search, in its order, for the CSV export."""
    query = query_from_args(args, per_page_default=100)
    s = searcher()
    s.search(query.__class__(**{**query.__dict__, "page": 1, "per_page": 1}))  # fail fast (400/503) before streaming
    return query, _rows(s.scan(query))


def _rows(docs) -> Iterator[dict]:
    for doc in docs:
        yield {**doc, "url": urls.event(doc["id"])}


def event(event_id: str) -> dict:
    s = searcher()
    doc = s.event(event_id)
    release = s.release(doc["release_id"]) if doc else None
    if release is None:
        raise NotFound()
    return {"event": doc, "release": release}


def release(release_id: str) -> dict:
    doc = searcher().release(release_id)
    if doc is None:
        raise NotFound()
    return doc
