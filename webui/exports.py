"""A search's every hit as a table: XLSX for Excel (openpyxl), CSV (UTF-8 with BOM) for tools.

Both have the same columns, in the order the page shows the hits; headers in Russian or English;
the file is named after the search. Cells that a spreadsheet could run as a formula stay text.
"""
from __future__ import annotations

import csv
import io
import re
import tempfile
from datetime import date
from typing import Iterable
from urllib.parse import quote

from flask import Response

from eventstore.countries import label as country_label

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
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("события")
    for i, (key, _, _) in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(key, 20)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for text in headers(lang):
        cell = WriteOnlyCell(ws, text)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    for row in rows:
        cells = []
        for key, _, _ in COLUMNS:
            value = row.get(key)
            if key in ("date", "release_date") and value:
                cell = WriteOnlyCell(ws, date.fromisoformat(value))
                cell.number_format = "DD.MM.YYYY"
            else:
                cell = WriteOnlyCell(ws, _text(value))
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if key in ("url", "release_url"):
                    cell.hyperlink = row[key]
            cells.append(cell)
        ws.append(cells)
    wb.properties.title = title
    with tempfile.TemporaryFile() as f:
        wb.save(f)
        f.seek(0)
        data = f.read()
    return Response(data, headers=_attachment(filename + ".xlsx"),
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
