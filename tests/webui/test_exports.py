"""XLSX (written by xlsxwriter, read back with openpyxl) and CSV exports: columns, headers, order, file name, formula safety."""
import csv
import io
from datetime import datetime
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from webui import create_app


@pytest.fixture(scope="module")
def client(sqlite_store_path):
    return create_app(str(sqlite_store_path)).test_client()


def xlsx_rows(resp) -> list[list]:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    wb = load_workbook(io.BytesIO(resp.data), read_only=True)
    return [list(r) for r in wb.active.iter_rows(values_only=True)]


def csv_rows(resp) -> list[list[str]]:
    text = resp.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def shown_ids(client, query: str) -> list[str]:
    """The ids the pages show, page after page."""
    ids, n = [], 1
    while True:
        data = client.get(f"/api/search?{query}&per_page=7&page={n}").get_json()
        ids += [h["id"] for h in data["hits"]]
        if n >= data["pages"]:
            return ids
        n += 1


@pytest.mark.parametrize("query", ["q=посол", "q=инвест*", "q=%22посол+Казахстана%22+Япония+OR+Турция", "q=-посол",
                                   "country=JP&country=TR", "sort=date_asc", "q=посол&sort=date_desc&country=TR"])
def test_rows_are_in_the_order_the_pages_show(client, query):
    ids = shown_ids(client, query)
    assert ids
    assert [r[0] for r in xlsx_rows(client.get(f"/export.xlsx?{query}"))[1:]] == ids
    assert [r[0] for r in csv_rows(client.get(f"/export.csv?{query}"))[1:]] == ids


def test_xlsx_has_russian_headers_names_dates_roles_and_links(client):
    resp = client.get("/export.xlsx?q=посол&country=Турция")
    assert resp.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = xlsx_rows(resp)
    head = rows[0]
    assert head == ["id", "дата события", "дата релиза", "заголовок релиза", "коды стран", "страны", "люди",
                    "представители Казахстана", "должности", "организации", "места", "текст события",
                    "ссылка на событие", "ссылка на релиз"]
    row = dict(zip(head, rows[1]))
    assert isinstance(row["дата события"], datetime) and isinstance(row["дата релиза"], datetime)
    assert row["коды стран"] == "TR" and row["страны"] == "Турция"
    assert " — " in row["должности"] and row["ссылка на событие"] == f"/event/{row['id']}"
    assert row["ссылка на релиз"].startswith("/release/")
    english = xlsx_rows(client.get("/export.xlsx?q=посол&headers=en"))[0]
    assert english[:3] == ["id", "date", "release_date"] and "country_names" in english


def test_csv_keeps_english_headers_by_default_and_russian_on_request(client):
    total = client.get("/api/search?q=посол").get_json()["total"]
    resp = client.get("/export.csv?q=посол&per_page=5")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = csv_rows(resp)
    assert rows[0][:6] == ["id", "date", "release_date", "release_title", "countries", "country_names"]
    assert len(rows) - 1 == total > 5
    assert rows[1][12].startswith("/event/")
    assert csv_rows(client.get("/export.csv?q=посол&headers=ru"))[0][1] == "дата события"
    assert client.get("/export.csv?headers=de").status_code == 400


def test_file_is_named_after_the_search(client):
    resp = client.get("/export.xlsx?q=посол Кувейт&country=KW&date_from=2026-02-01&date_to=2026-02-28")
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="events_KW_2026-02-01_2026-02-28.xlsx"')
    name = unquote(disposition.split("filename*=UTF-8''")[1])
    assert name == "события_посол-кувейт_KW_2026-02-01–2026-02-28.xlsx"
    plain = client.get("/export.csv").headers["Content-Disposition"]
    assert 'filename="events.csv"' in plain and "filename*=UTF-8''%D1%81%D0%BE%D0%B1%D1%8B%D1%82%D0%B8%D1%8F.csv" in plain


def test_cells_never_become_formulas(tmp_path):
    from conftest import make_event, make_release
    from eventstore import schema
    from eventstore.stores import open_store
    from webui.exports import safe

    assert safe("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe("-2+3") == "'-2+3" and safe("посол") == "посол"
    path = tmp_path / "s.sqlite3"
    with open_store(str(path)) as store:
        store.replace_source("a.txt", "h", schema.release(**make_release("r1")),
                             [make_event("r1", 1, '=HYPERLINK("http://evil","посол")', orgs=["+cmd"])])
    c = create_app(str(path)).test_client()
    rows = xlsx_rows(c.get("/export.xlsx"))
    wb = load_workbook(io.BytesIO(c.get("/export.xlsx").data))
    text_cell = wb.active.cell(2, 12)
    assert text_cell.value == '=HYPERLINK("http://evil","посол")' and text_cell.data_type == "s"
    assert rows[1][9] == "+cmd"
    assert csv_rows(c.get("/export.csv"))[1][11].startswith("'=")


def test_links_never_come_from_the_host_header(sqlite_store_path, monkeypatch):
    def links(client):
        headers = {"Host": "evil.example"}
        sheet = client.get("/export.xlsx?q=посол", headers=headers)
        cells = [r[12] for r in xlsx_rows(sheet)[1:]] + [r[12] for r in csv_rows(client.get("/export.csv?q=посол", headers=headers))[1:]]
        return {c.split("/event/")[0] for c in cells}, load_workbook(io.BytesIO(sheet.data)).active.cell(2, 13).hyperlink

    relative, hyperlink = links(create_app(str(sqlite_store_path)).test_client())
    assert relative == {""} and hyperlink is None  # a relative link is text in a spreadsheet
    monkeypatch.setenv("EVENTS_PUBLIC_URL", "https://events.example.org/")
    absolute, hyperlink = links(create_app(str(sqlite_store_path)).test_client())
    assert absolute == {"https://events.example.org"} and hyperlink.target.startswith("https://events.example.org/event/")
