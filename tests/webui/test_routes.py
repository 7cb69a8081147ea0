"""Pages, API and CSV through Flask's test client on a real SQLite store of the sample corpus."""
import csv
import io
import subprocess
import sys

import pytest

from conftest import ROOT
from webui import create_app


@pytest.fixture(scope="module")
def client(sqlite_store_path):
    return create_app(str(sqlite_store_path)).test_client()


@pytest.fixture(scope="module")
def any_event(client):
    return client.get("/api/search?per_page=1").get_json()["hits"][0]


def test_search_page_shows_count_facets_and_keeps_the_query(client):
    html = client.get("/?q=послом").get_data(as_text=True)
    assert 'value="послом"' in html
    assert "Найдено событий" in html
    for title in ("Страна", "Официальные лица", "Организации", "Дата"):
        assert f"<h2>{title}</h2>" in html
    assert "<mark>" in html and "Казахстан</h3>" in html and "Зарубежные</h3>" in html


def test_browse_without_query_shows_newest_first(client):
    data = client.get("/api/search?per_page=100").get_json()
    dates = [h["date"] for h in data["hits"]]
    assert data["total"] >= len(dates) == 100 and dates == sorted(dates, reverse=True)


def test_ambassador_meetings_in_february(client):
    # «все встречи послов в феврале»: the word, then the month from the histogram.
    data = client.get("/api/search?q=послов&date_from=2026-02-01&date_to=2026-02-28").get_json()
    assert data["total"] >= 12
    assert all("2026-02" <= h["date"] <= "2026-02-28" for h in data["hits"])


def test_facet_links_toggle_values_and_chips_remove_them(client):
    html = client.get("/?country=JP").get_data(as_text=True)
    assert 'aria-checked="true"' in html and "Япония ✕" in html
    assert 'href="/"' in html  # «сбросить»
    two = client.get("/api/search?country=JP&country=TR").get_json()
    one = client.get("/api/search?country=JP").get_json()
    assert two["total"] > one["total"]
    assert {f["value"] for f in two["facets"]["country"] if f["selected"]} == {"JP", "TR"}


def test_links_carry_the_current_parameters_and_change_one(client):
    html = client.get("/?q=посол&country=JP&per_page=2&page=2").get_data(as_text=True)
    q = "q=%D0%BF%D0%BE%D1%81%D0%BE%D0%BB"
    assert f'href="/?{q}&amp;country=JP&amp;country=TR&amp;per_page=2"' in html  # add a value, back to page 1
    assert f'href="/?{q}&amp;per_page=2"' in html  # remove the only country
    assert f'href="/?{q}&amp;country=JP&amp;per_page=2&amp;page=1"' in html  # previous page keeps the rest
    # Each request builds its links from its own parameters (nothing kept from the previous one).
    other = client.get("/?country=TR").get_data(as_text=True)
    assert "per_page=2" not in other and q not in other


def test_no_results_page_offers_to_remove_filters(client):
    html = client.get("/?q=Кувейт&country=SE").get_data(as_text=True)
    assert "Ничего не найдено" in html and "убрать «Швеция»" in html


def test_event_page_shows_the_whole_release_with_the_event_marked(client, any_event):
    html = client.get(f"/event/{any_event['id']}").get_data(as_text=True)
    assert 'class="event current"' in html and 'aria-current="true"' in html
    assert f'/release/{any_event["release_id"]}' in html
    assert html.count('class="event') >= 2 and 'class="lead"' in html
    for code in any_event["countries"]:
        assert f'href="/?country={code}"' in html


def test_release_page_and_json_twins(client, any_event):
    assert client.get(f"/release/{any_event['release_id']}").status_code == 200
    assert client.get(f"/api/event/{any_event['id']}").get_json()["id"] == any_event["id"]
    release = client.get(f"/api/release/{any_event['release_id']}").get_json()
    assert any(e["id"] == any_event["id"] for e in release["events"])


def test_api_shape(client):
    data = client.get("/api/search?q=посол&country=TR&per_page=2").get_json()
    assert set(data) >= {"total", "page", "per_page", "hits", "facets"}
    hit = data["hits"][0]
    assert set(hit) >= {"id", "release_id", "release_title", "date", "text", "snippet_html", "countries",
                        "officials", "kz_officials", "orgs"}
    assert set(data["facets"]) == {"country", "official", "org", "date"}
    tr = next(f for f in data["facets"]["country"] if f["value"] == "TR")
    assert tr == {"value": "TR", "label": "Турция", "count": tr["count"], "selected": True}
    assert set(data["facets"]["date"][0]) == {"value", "label", "count"}


def test_csv_exports_every_hit_not_one_page(client):
    total = client.get("/api/search?q=посол").get_json()["total"]
    resp = client.get("/export.csv?q=посол&per_page=5")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["id", "date", "release_title", "countries", "officials", "kz_officials", "orgs", "text", "url"]
    assert len(rows) - 1 == total > 5
    assert rows[1][8].startswith("http://localhost/event/")


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("/?date_from=2026-13-45", "Неверная дата"),
        ("/?date_from=2026-03-01&date_to=2026-02-01", "позже"),
        ("/?page=999", "Страницы 999 нет"),
        ("/?page=abc", "номер страницы"),
        ("/?per_page=1000", "не больше 100"),
        ("/?sort=random", "сортировка"),
    ],
)
def test_invalid_parameters_are_400_pages_that_say_why(client, url, fragment):
    resp = client.get(url)
    assert resp.status_code == 400 and fragment in resp.get_data(as_text=True)
    api = client.get("/api/search" + url[1:])
    assert api.status_code == 400 and fragment in api.get_json()["error"]


def test_unknown_ids_are_404(client):
    assert client.get("/event/nope").status_code == 404
    assert "Не найдено" in client.get("/release/nope").get_data(as_text=True)
    assert client.get("/api/event/nope").get_json() == {"error": "Такой страницы или события нет."}


def test_store_unreachable_is_503_not_a_traceback(tmp_path):
    for setting in (str(tmp_path / "missing.sqlite3"), "http://127.0.0.1:9"):
        c = create_app(setting).test_client()
        page = c.get("/")
        assert page.status_code == 503 and "временно недоступен" in page.get_data(as_text=True)
        assert c.get("/api/search").status_code == 503
        assert "error" in c.get("/api/search").get_json()


def test_app_is_read_only(client):
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/api/search").status_code == 405


def test_web_process_does_not_load_natasha(sqlite_store_path):
    code = (f"import sys; from webui import create_app; c = create_app({str(sqlite_store_path)!r}).test_client(); "
            "assert c.get('/?q=послом').status_code == 200; print('natasha' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.stdout.strip() == "False", out.stderr


def test_raw_utf8_query_string_from_curl_is_understood(client):
    raw = client.get("/api/search", environ_overrides={"QUERY_STRING": "q=послов".encode().decode("latin-1")})
    assert raw.get_json()["total"] == client.get("/api/search?q=послов").get_json()["total"] > 0
