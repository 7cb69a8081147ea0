"""JSON twins of the pages: /api/search, /api/event/<id>, /api/release/<id>."""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, jsonify, request

from webui.store import get_store, run_search

bp = Blueprint("api", __name__, url_prefix="/api")
HIT_FIELDS = ("id", "release_id", "release_title", "date", "text", "countries", "officials", "kz_officials", "orgs")


@bp.get("/search")
def search():
    query, result = run_search(request.args)
    hits = []
    for hit in result.hits:
        item = {k: hit.doc.get(k) for k in HIT_FIELDS}
        item["snippet_html"] = hit.snippet_html
        item["roles"] = hit.doc.get("roles", {})
        hits.append(item)
    facets = {name: [_facet(v, name) for v in values] for name, values in result.facets.items()}
    return jsonify({
        "total": result.total, "page": query.page, "per_page": query.per_page,
        "empty_query": result.empty_query, "hits": hits, "facets": facets,
    })


def _facet(value, name: str) -> dict:
    d = asdict(value)
    if name == "date":
        return {"value": d["value"], "label": d["label"], "count": d["count"]}
    if name != "official":
        d.pop("kz")
    return d


@bp.get("/event/<event_id>")
def event(event_id: str):
    doc = get_store().get_event(event_id)
    if doc is None:
        abort(404)
    return jsonify(doc)


@bp.get("/release/<release_id>")
def release(release_id: str):
    doc = get_store().get_release(release_id)
    if doc is None:
        abort(404)
    return jsonify(doc)
