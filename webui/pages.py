"""HTML pages: search `/`, event `/event/<id>`, release `/release/<id>`, CSV `/export.csv`."""
from __future__ import annotations

import csv
import io
from dataclasses import replace
from functools import lru_cache
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, abort, g, render_template, request

from indexer.analysis.countries import label
from indexer.search.facets import MONTHS_RU
from webui.params import SORT_LABELS, query_from_args
from webui.store import get_store, run_search

bp = Blueprint("pages", __name__)
FACET_TITLES = {"country": "Страна", "official": "Официальные лица", "org": "Организации"}
PARAM_NAMES = ("q", "country", "official", "org", "date_from", "date_to", "sort", "per_page")


@bp.get("/")
def search():
    query, result = run_search(request.args)
    chips = [(name, value, country_name(value) if name == "country" else value)
             for name in ("country", "official", "org") for value in getattr(query, name)]
    for name in ("date_from", "date_to"):
        if getattr(query, name):
            chips.append((name, getattr(query, name).isoformat(), ("с " if name == "date_from" else "по ") + ru_date(getattr(query, name))))
    pages = -(-result.total // query.per_page)
    return render_template(
        "search.html", query=query, result=result, chips=chips, pages=pages,
        facet_titles=FACET_TITLES, sort_labels=SORT_LABELS,
        max_month=max((v.count for v in result.facets.get("date", [])), default=0),
    )


@bp.get("/event/<event_id>")
def event(event_id: str):
    store = get_store()
    doc = store.get_event(event_id)
    if doc is None:
        abort(404)
    release = store.get_release(doc["release_id"])
    if release is None:
        abort(404)
    return render_template("event.html", event=doc, release=release)


@bp.get("/release/<release_id>")
def release(release_id: str):
    doc = get_store().get_release(release_id)
    if doc is None:
        abort(404)
    return render_template("release.html", release=doc)


CSV_COLUMNS = ("id", "date", "release_title", "countries", "officials", "kz_officials", "orgs", "text", "url")


@bp.get("/export.csv")
def export_csv():
    query = query_from_args(request.args, per_page_default=100)
    store = get_store()
    store.search(replace(query, page=1, per_page=1))  # fail fast (400/503) before streaming
    base = request.host_url.rstrip("/")

    def rows():
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(CSV_COLUMNS)
        yield "\ufeff" + _take(buf)
        for doc in store.scan(query):
            writer.writerow([_cell(_field(doc, c, base)) for c in CSV_COLUMNS])
            yield _take(buf)

    headers = {"Content-Disposition": 'attachment; filename="events.csv"'}
    return Response(rows(), mimetype="text/csv", headers=headers, content_type="text/csv; charset=utf-8")


def _take(buf: io.StringIO) -> str:
    value = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return value


def _field(doc: dict, column: str, base: str) -> str:
    if column == "url":
        return f"{base}/event/{quote(doc['id'])}"
    value = doc.get(column, "")
    return "; ".join(value) if isinstance(value, list) else str(value)


def _cell(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def url_with(drop_page: bool = True, **changes) -> str:
    """The current search URL with some parameters changed.

    `add_<name>=v` / `remove_<name>=v` edit a multi-valued filter; `name=None` removes it.
    A results page builds ~150 of these (one per facet value), so the request's own
    parameters are read once per request and each name=value pair is encoded once.
    """
    args = dict(_current_args(drop_page))
    for key, value in changes.items():
        if key.startswith("add_"):
            name = key[4:]
            args[name] = [v for v in args.get(name, []) if v != value] + [value]
        elif key.startswith("remove_"):
            name = key[7:]
            args[name] = [v for v in args.get(name, []) if v != value]
        elif value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    pairs = [_pair(k, v) for k, vs in args.items() for v in vs if v != ""]
    return "/?" + "&".join(pairs) if pairs else "/"


def _current_args(drop_page: bool) -> dict[str, list[str]]:
    cache = g.setdefault("url_args", {})
    if drop_page not in cache:
        args = {k: request.args.getlist(k) for k in PARAM_NAMES + ("page",) if request.args.getlist(k)}
        if drop_page:
            args.pop("page", None)
        cache[drop_page] = args
    return cache[drop_page]


@lru_cache(maxsize=4096)
def _pair(name: str, value: str) -> str:
    return urlencode([(name, value)])


def country_name(code: str) -> str:
    return label(code)


def ru_date(value) -> str:
    """2026-02-17 → «17 февраля 2026»."""
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    try:
        year, month, day = value.split("-")
        genitive = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                    "сентября", "октября", "ноября", "декабря"][int(month) - 1]
        return f"{int(day)} {genitive} {year}"
    except (ValueError, IndexError, AttributeError):
        return str(value)


def month_bounds(value: str) -> tuple[str, str]:
    import calendar

    year, month = (int(x) for x in value.split("-"))
    return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"


bp.add_app_template_global(month_bounds, "month_bounds")
bp.add_app_template_global(MONTHS_RU, "MONTHS_RU")
