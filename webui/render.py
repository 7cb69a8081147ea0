"""Renderers: the same page data as HTML, JSON or CSV."""
from __future__ import annotations

import csv
import io
from typing import Iterable

from flask import Response, jsonify, render_template

from eventstore.countries import label as country_label  # noqa: F401 (templates, routes)
from eventstore.search.facets import MONTHS_RU

CSV_COLUMNS = ("id", "date", "release_title", "countries", "officials", "kz_officials", "orgs", "text", "url")
_GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]


def html(template: str, **context) -> str:
    return render_template(template, **context)


def json(data) -> Response:
    return jsonify(data)


def csv_response(rows: Iterable[dict], base_url: str, filename: str = "events.csv") -> Response:
    def lines():
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(CSV_COLUMNS)
        yield "\ufeff" + _take(buf)
        for row in rows:
            row = {**row, "url": base_url + row["url"]}
            writer.writerow([_cell(_text(row.get(c, ""))) for c in CSV_COLUMNS])
            yield _take(buf)

    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(lines(), mimetype="text/csv", headers=headers, content_type="text/csv; charset=utf-8")


def _take(buf: io.StringIO) -> str:
    value = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return value


def _text(value) -> str:
    return "; ".join(value) if isinstance(value, list) else "" if value is None else str(value)


def _cell(value: str) -> str:
    """A cell starting with = + - @ would run as a formula in a spreadsheet: quote it."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def ru_date(value) -> str:
    """2026-02-17 → «17 февраля 2026»."""
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    try:
        year, month, day = value.split("-")
        return f"{int(day)} {_GENITIVE[int(month) - 1]} {year}"
    except (ValueError, IndexError, AttributeError):
        return str(value)


def month_bounds(value: str) -> tuple[str, str]:
    import calendar

    year, month = (int(x) for x in value.split("-"))
    return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"


def register(app) -> None:
    app.jinja_env.filters["country_name"] = country_label
    app.jinja_env.filters["ru_date"] = ru_date
    app.jinja_env.globals["month_bounds"] = month_bounds
    app.jinja_env.globals["MONTHS_RU"] = MONTHS_RU
