"""URL → page data (`views`) → rendering (`render`, `exports`). Every HTML page has a JSON twin."""
from __future__ import annotations

from flask import Blueprint, request

from webui import exports, render, views
from webui.params import SORT_LABELS, check_names

bp = Blueprint("pages", __name__)


@bp.get("/")
def search():
    query, data = views.search(request.args, keep_form=True)
    return render.html("search.html", status=400 if "date_error" in data else 200, query=query, result=data,
                       chips=_chips(query), facet_titles=views.FACET_TITLES, sort_labels=SORT_LABELS)


@bp.get("/api/search")
def api_search():
    _, data = views.search(request.args)
    return render.json(data)


@bp.get("/facet/<name>")
def facet(name: str):
    query, data = views.facet(name, request.args)
    return render.html("facet.html", query=query, data=data)


@bp.get("/api/facet/<name>")
def api_facet(name: str):
    _, data = views.facet(name, request.args)
    return render.json(data)


@bp.get("/export.csv")
def export_csv():
    query, headers, rows = views.export(request.args, default_headers="en")
    base = render.public_base()
    return exports.csv_response((exports.row_values(r, base) for r in rows), headers, exports.filename(query))


@bp.get("/export.xlsx")
def export_xlsx():
    query, headers, rows = views.export(request.args, default_headers="ru")
    base = render.public_base()
    return exports.xlsx_response((exports.row_values(r, base) for r in rows), headers, exports.filename(query),
                                 title=query.text or "Дипломатическая хроника Казахстана")


@bp.get("/event/<event_id>")
def event(event_id: str):
    return render.html("event.html", **views.event(event_id, request.args))


def _data(doc: dict) -> dict:
    """A document for the JSON twin: without the page's marked-up copy of the text."""
    return {k: v for k, v in doc.items() if k != "text_html"}


@bp.get("/api/event/<event_id>")
def api_event(event_id: str):
    return render.json(_data(views.event(event_id, request.args)["event"]))


@bp.get("/release/<release_id>")
def release(release_id: str):
    return render.html("release.html", **views.release(release_id, request.args))


@bp.get("/api/release/<release_id>")
def api_release(release_id: str):
    data = views.release(release_id, request.args)["release"]
    return render.json({**data, "events": [_data(e) for e in data["events"]]})


@bp.get("/help")
def help_page():
    check_names(request.args, ())
    return render.html("help.html", examples=views.help_examples())


def _chips(query) -> list[tuple[str, str, str]]:
    """The selected filters as removable chips: (parameter, value, text)."""
    chips = [(name, value, render.country_label(value) if name == "country" else value)
             for name in ("country", "official", "org") for value in getattr(query, name)]
    for name, prefix in (("date_from", "с "), ("date_to", "по ")):
        if getattr(query, name):
            chips.append((name, getattr(query, name).isoformat(), prefix + render.ru_date(getattr(query, name))))
    return chips

