"""URL → page data (`views`) → rendering (`render`). Every HTML page has a JSON twin."""
from __future__ import annotations

from flask import Blueprint, request

from webui import render, views
from webui.params import SORT_LABELS

bp = Blueprint("pages", __name__)
FACET_TITLES = {"country": "Страна", "official": "Официальные лица", "org": "Организации"}


@bp.get("/")
def search():
    query, data = views.search(request.args)
    return render.html("search.html", query=query, result=data, chips=_chips(query),
                       facet_titles=FACET_TITLES, sort_labels=SORT_LABELS,
                       max_month=max((v["count"] for v in data["facets"].get("date", [])), default=0))


@bp.get("/api/search")
def api_search():
    _, data = views.search(request.args)
    return render.json(data)


@bp.get("/export.csv")
def export_csv():
    _, rows = views.export(request.args)
    return render.csv_response(rows, request.host_url.rstrip("/"))


@bp.get("/event/<event_id>")
def event(event_id: str):
    data = views.event(event_id)
    return render.html("event.html", **data)


@bp.get("/api/event/<event_id>")
def api_event(event_id: str):
    return render.json(views.event(event_id)["event"])


@bp.get("/release/<release_id>")
def release(release_id: str):
    return render.html("release.html", release=views.release(release_id))


@bp.get("/api/release/<release_id>")
def api_release(release_id: str):
    return render.json(views.release(release_id))


def _chips(query) -> list[tuple[str, str, str]]:
    """The selected filters as removable chips: (parameter, value, text)."""
    chips = [(name, value, render.country_label(value) if name == "country" else value)
             for name in ("country", "official", "org") for value in getattr(query, name)]
    for name, prefix in (("date_from", "с "), ("date_to", "по ")):
        if getattr(query, name):
            chips.append((name, getattr(query, name).isoformat(), prefix + render.ru_date(getattr(query, name))))
    return chips
