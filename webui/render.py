"""Renderers: the same page data as HTML or JSON (tables: `exports.py`), and the template helpers."""
from __future__ import annotations

import calendar
from datetime import datetime

from flask import Response, current_app, jsonify, render_template

from eventstore.countries import full_name
from eventstore.countries import short as country_label
from eventstore.search.facets import MONTHS_RU

_GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]
YEARLY_AFTER = 36  # months on the time axis; a longer span is drawn by years


def html(template: str, status: int = 200, **context):
    return render_template(template, **context), status


def json(data) -> Response:
    return jsonify(data)


def public_base() -> str:
    """What exported links start with: EVENTS_PUBLIC_URL, or "" for links relative to the site.
    Never the request's Host header: any client sets it, and `Host: evil.example` would be copied
    into every link of a file a journalist shares."""
    return current_app.config.get("PUBLIC_URL") or ""


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural: 1 событие, 2 события, 5 событий, 11 событий, 21 событие."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count_of(n: int, one: str, few: str, many: str) -> str:
    """«5 событий» with a thin-space thousands separator."""
    return f"{n:,}".replace(",", "\u202f") + " " + plural(n, one, few, many)


def ru_date(value) -> str:
    """2026-02-17 → «17 февраля 2026»."""
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    try:
        year, month, day = value[:10].split("-")
        return f"{int(day)} {_GENITIVE[int(month) - 1]} {year}"
    except (ValueError, IndexError, AttributeError, TypeError):
        return str(value)


def ru_datetime(value: str | None) -> str:
    """2026-11-25T08:25:24+00:00 → «25 ноября 2026, 08:25 UTC»."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    zone = " UTC" if moment.utcoffset() is not None and not moment.utcoffset() else ""
    return f"{ru_date(moment.date())}, {moment:%H:%M}{zone}"


def month_bounds(value: str) -> tuple[str, str]:
    year, month = (int(x) for x in value.split("-"))
    return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"


def timeline(months: list[dict]) -> list[dict]:
    """The date histogram's bars: months (or years, for a long span) with their date range and a
    height class 0–10; empty periods stay in as zero."""
    if len(months) > YEARLY_AFTER:
        years: dict[str, int] = {}
        for m in months:
            years[m["value"][:4]] = years.get(m["value"][:4], 0) + m["count"]
        bars = [{"label": y, "short": y, "count": c, "from": f"{y}-01-01", "to": f"{y}-12-31", "year": y}
                for y, c in years.items()]
    else:
        bars = []
        for m in months:
            start, end = month_bounds(m["value"])
            month = int(m["value"][5:7])
            bars.append({"label": m["label"], "short": MONTHS_RU[month - 1][:3], "count": m["count"],
                         "from": start, "to": end, "year": m["value"][:4] if month == 1 or not bars else ""})
    top = max((b["count"] for b in bars), default=0)
    for b in bars:
        b["height"] = 0 if not b["count"] else max(1, round(b["count"] * 10 / top))
    return bars


def page_window(page: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers for the pager: the first, the last and those around the current one; None = a gap."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    out: list[int | None] = []
    for p in shown:
        if out and p - out[-1] > 1:
            out.append(None if p - out[-1] > 2 else p - 1)
        out.append(p)
    return out


def register(app) -> None:
    app.jinja_env.filters["country_name"] = country_label
    app.jinja_env.filters["country_full_name"] = full_name
    app.jinja_env.filters["ru_date"] = ru_date
    app.jinja_env.filters["ru_datetime"] = ru_datetime
    app.jinja_env.filters["plural"] = plural
    app.jinja_env.filters["count_of"] = count_of
    app.jinja_env.globals["timeline"] = timeline
    app.jinja_env.globals["page_window"] = page_window
