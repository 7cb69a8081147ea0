"""Dossier pages: `/official/<name>` and `/country/<ISO>`, their JSON twins under `/api/…`, and
their Atom twins, which are the feeds of their events (`/feed.atom?official=…`, `?country=…`).

One data function per dossier (`official_data`, `country_data`) returns what the page shows as
JSON-ready data; the HTML page renders that same dict.
"""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, request
from werkzeug.exceptions import NotFound

from eventstore.countries import full_name
from eventstore.search import dossier
from eventstore.search.facets import MONTHS_RU
from webui import render, urls
from webui.backend import searcher

bp = Blueprint("dossiers", __name__)
LATEST = 10
SNIPPET = 280


@bp.get("/official/<path:name>")
@bp.get("/api/official/<path:name>", endpoint="api_official")
def official(name: str):
    return _render(official_data(name), "official.html")


@bp.get("/country/<code>")
@bp.get("/api/country/<code>", endpoint="api_country")
def country(code: str):
    return _render(country_data(code), "country.html")


def _render(data: dict, template: str):
    """The page, or under /api/ its JSON twin: the same data."""
    return render.json(data) if request.path.startswith("/api/") else render.html(template, d=data)


def official_data(name: str) -> dict:
    d = _found(dossier.official(searcher().store, name.strip(), latest=LATEST))
    return _data(d) | {
        "kz": d.kz,
        "roles": [asdict(r) for r in d.roles],
        "countries": [_entry(e, urls.country(e.value)) for e in d.countries],
        "counterparts": [_person(e) for e in d.people],
    }


def country_data(code: str) -> dict:
    d = _found(dossier.country(searcher().store, code.strip(), latest=LATEST))
    return _data(d) | {
        "full_name": full_name(d.value),
        "kz_officials": [_person(e) for e in d.kz_officials],
        "officials": [_person(e) for e in d.people],
        "topics": [{"term": t.term, "count": t.count, "share": round(t.share, 4), "score": round(t.score, 3),
                    "url": urls.facet_search("country", d.value, q=t.term)} for t in d.topics],
    }


def _found(d):
    if d is None:
        raise NotFound()
    return d


def _data(d) -> dict:
    """What both dossiers have: who or what, how many events and when, months, organizations, latest,
    and the links to its renderings (the dossier's kind is also the facet it filters on)."""
    page, api = (urls.official, urls.api_official) if d.kind == "official" else (urls.country, urls.api_country)
    links = {"html": page(d.value), "json": api(d.value), "atom": urls.feed_of(d.kind, d.value),
             "search": urls.filter_link(d.kind, d.value)}
    return {
        "kind": d.kind,
        "value": d.value,
        "label": d.label,
        "total": d.total,
        "first": d.first,
        "last": d.last,
        "months": [{"value": m.value, "label": m.label, "count": m.count, "url": _month_url(d.kind, d.value, m.value)}
                   for m in d.months],
        "orgs": [_entry(e, urls.filter_link("org", e.value)) for e in d.orgs],
        "latest": [_event(doc) for doc in d.latest],
        "links": links,
    }


def _month_url(facet: str, value: str, month: str) -> str:
    date_from, date_to = render.month_bounds(month)
    return urls.facet_search(facet, value, date_from=date_from, date_to=date_to)


def _entry(e, url: str) -> dict:
    return {"value": e.value, "label": e.label, "count": e.count, "first": e.first, "last": e.last, "url": url}


def _person(e) -> dict:
    out = _entry(e, urls.official(e.value)) | {"kz": e.kz}
    if e.roles:
        out["roles"] = [asdict(r) for r in e.roles]
        out["envoy"] = e.envoy
    return out


def _event(doc: dict) -> dict:
    text = doc["text"].replace("\n", " ")
    short = text if len(text) <= SNIPPET else text[:SNIPPET].rsplit(" ", 1)[0] + "…"
    light = {k: v for k, v in doc.items() if k != "evidence"}  # the event page shows it
    return {**light, "snippet": short, "url": urls.event(doc["id"])}


def timeline(months: list[dict]) -> list[dict]:
    """Months → one row per year with twelve cells (empty months too), each with a darkness level 0–4."""
    if not months:
        return []
    top = max(m["count"] for m in months)
    by_month = {m["value"]: m for m in months}
    first, last = int(months[0]["value"][:4]), int(months[-1]["value"][:4])
    rows = []
    for year in range(first, last + 1):
        cells = []
        for month in range(1, 13):
            m = by_month.get(f"{year}-{month:02d}")
            level = 1 + (4 * m["count"] - 1) // top if m else 0
            cells.append({"month": month, "m": m, "level": level})
        rows.append({"year": year, "total": sum(c["m"]["count"] for c in cells if c["m"]), "cells": cells})
    return rows


@bp.record_once
def _register(state) -> None:
    env = state.app.jinja_env
    env.filters["month_year"] = month_year
    env.filters["num"] = num
    env.globals.update(dossier_timeline=timeline, MONTHS_SHORT=MONTHS_SHORT, MONTHS_RU=MONTHS_RU)


def num(n: int) -> str:
    """144669 → «144 669» (digit groups, a narrow no-break space between them, as `render.count_of`)."""
    return f"{int(n):,}".replace(",", "\u202f")


def month_year(value: str) -> str:
    """2025-06-17 → «июнь 2025»."""
    return f"{MONTHS_RU[int(value[5:7]) - 1]} {value[:4]}" if len(value) >= 7 else value


MONTHS_SHORT = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
