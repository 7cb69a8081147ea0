"""A search's every hit as a table: XLSX for Excel (xlsxwriter), CSV (UTF-8 with BOM) for tools.

Both have the same columns, in the order the page shows the hits; headers in Russian or English;
the file is named after the search. Cells that a spreadsheet could run as a formula stay text.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time
from typing import Iterable
from urllib.parse import quote

from flask import Response

from eventstore.countries import short as country_label

# (key, English header, Russian header)
COLUMNS = (
    ("id", "id", "id"),
    ("date", "date", "дата события"),
    ("release_date", "release_date", "дата релиза"),
    ("release_title", "release_title", "заголовок релиза"),
    ("countries", "countries", "коды стран"),
    ("country_names", "country_names", "страны"),
    ("officials", "people", "люди"),
    ("kz_officials", "kz_people", "представители Казахстана"),
    ("roles", "roles", "должности"),
    ("orgs", "orgs", "организации"),
    ("locations", "locations", "места"),
    ("text", "text", "текст события"),
    ("url", "url", "ссылка на событие"),
    ("release_url", "release_url", "ссылка на релиз"),
)
_WIDTHS = {"id": 16, "date": 12, "release_date": 12, "release_title": 40, "text": 80, "url": 30, "release_url": 30}
MAX_LINKS = 65_000  # Excel's limit of links on a sheet is 65 530: later URLs are plain text
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def row_values(doc: dict, base_url: str) -> dict:
    """One event document → the export's cells, by column key."""
    roles = doc.get("roles") or {}
    return {
        **doc,
        "country_names": [country_label(c) for c in doc.get("countries") or []],
        "roles": [f"{name} — {role}" for name, role in roles.items()],
        "url": base_url + doc["url"],
        "release_url": base_url + doc["release_url"],
    }


def headers(lang: str) -> list[str]:
    return [ru if lang == "ru" else en for _, en, ru in COLUMNS]


def csv_response(rows: Iterable[dict], lang: str, filename: str) -> Response:
    def lines():
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(headers(lang))
        yield "\ufeff" + _take(buf)
        for row in rows:
            writer.writerow([safe(_text(row.get(key))) for key, _, _ in COLUMNS])
            yield _take(buf)

    return Response(lines(), content_type="text/csv; charset=utf-8", headers=_attachment(filename + ".csv"))


def xlsx_response(rows: Iterable[dict], lang: str, filename: str, title: str) -> Response:
    import xlsxwriter

    out = io.BytesIO()
    # Rows stream to a temporary file (constant memory); no cell text is ever read as a formula,
    # a number or a link: whatever a release says stays text.
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"title": title})
    ws = wb.add_worksheet("события")
    bold, day = wb.add_format({"bold": True}), wb.add_format({"num_format": "dd.mm.yyyy"})
    for i, (key, _, _) in enumerate(COLUMNS):
        ws.set_column(i, i, _WIDTHS.get(key, 20))
    ws.freeze_panes(1, 0)
    for i, text in enumerate(headers(lang)):
        ws.write_string(0, i, text, bold)
    links = 0
    for r, row in enumerate(rows, 1):
        for i, (key, _, _) in enumerate(COLUMNS):
            value = row.get(key)
            if key in ("date", "release_date") and value:
                ws.write_datetime(r, i, datetime.combine(date.fromisoformat(value), time()), day)
            elif key in ("url", "release_url") and links < MAX_LINKS and "://" in row[key]:  # relative: text
                ws.write_url(r, i, row[key], string=row[key])
                links += 1
            else:
                ws.write_string(r, i, _text(value))
    wb.close()
    return Response(out.getvalue(), headers=_attachment(filename + ".xlsx"),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def filename(query) -> str:
    """«события_посол-кувейт_KW_2026-02-01–2026-02-28»: the search, readable, safe as a file name."""
    parts = ["события"]
    words = "-".join(re.findall(r"[\w*]+", query.text.lower()))[:60]
    if words:
        parts.append(words)
    for name in ("country", "official", "org"):
        parts += [v.replace(" ", "-") for v in getattr(query, name)][:3]
    if query.date_from or query.date_to:
        parts.append(f"{query.date_from or ''}–{query.date_to or ''}")
    return _UNSAFE.sub("-", "_".join(parts))[:120]


def _attachment(name: str) -> dict:
    stem, ext = name.rsplit(".", 1)
    ascii_stem = re.sub(r"[^A-Za-z0-9-]+", "_", stem).strip("_-")
    ascii_name = f"events{'_' + ascii_stem if ascii_stem else ''}.{ext}"
    return {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"}


def _take(buf: io.StringIO) -> str:
    value = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return value


def _text(value) -> str:
    return "; ".join(value) if isinstance(value, list) else "" if value is None else str(value)


def safe(value: str) -> str:
    """A CSV cell starting with = + - @ would run as a formula in a spreadsheet: quote it."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
