"""Dossier pages and their JSON twins through Flask's test client on a real SQLite store."""
from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from webui import create_app
from webui.dossiers import num, timeline
from webui.render import plural

EVENTS = ("событие", "события", "событий")


@pytest.fixture(scope="module")
def client(sqlite_store_path):
    return create_app(str(sqlite_store_path)).test_client()


@pytest.fixture(scope="module")
def docs(corpus_docs):
    return [d for *_, events in corpus_docs for d in events]


def test_an_official_page_and_its_json_twin(client, docs):
    name = "Ерлан Байжанов"
    mine = sorted((d for d in docs if name in d["officials"]), key=lambda d: d["date"])
    data = client.get(f"/api/official/{name}").get_json()
    assert (data["kind"], data["value"], data["kz"], data["total"]) == ("official", name, True, len(mine))
    assert (data["first"], data["last"]) == (mine[0]["date"], mine[-1]["date"])
    roles = {d["roles"][name] for d in mine if name in d["roles"]}
    assert {r["role"] for r in data["roles"]} == roles and len(roles) >= 2  # an envoy, then a deputy minister
    assert [r["first"] for r in data["roles"]] == sorted(r["first"] for r in data["roles"])
    japan = next(c for c in data["countries"] if c["value"] == "JP")
    assert japan["label"] == "Япония" and japan["url"] == "/country/JP"
    assert japan["count"] == sum("JP" in d["countries"] for d in mine)
    assert {p["value"] for p in data["counterparts"]} == {o for d in mine for o in d["officials"]} - {name}
    quoted = "%D0%95%D1%80%D0%BB%D0%B0%D0%BD"  # Ерлан
    month = mine[0]["date"][:7]
    assert data["months"][0]["url"].startswith(f"/?official={quoted}+") and f"&date_from={month}-01&date_to={month}-" in data["months"][0]["url"]
    assert data["links"]["html"] == f"/official/{quoted}%20%D0%91%D0%B0%D0%B9%D0%B6%D0%B0%D0%BD%D0%BE%D0%B2"
    assert data["links"]["json"] == "/api" + data["links"]["html"]
    assert data["links"]["atom"] == "/feed.atom" + data["links"]["search"][1:] and data["links"]["search"].startswith(f"/?official={quoted}+")
    assert [e["date"] for e in data["latest"]] == sorted((d["date"] for d in mine), reverse=True)[:10]
    assert data["latest"][0]["url"].startswith("/event/")

    html = client.get(data["links"]["html"]).get_data(as_text=True)
    assert f"<h1>{name}</h1>" in html and f"{len(mine)} {plural(len(mine), *EVENTS)}" in html
    assert "представитель Казахстана" in html
    assert all(role in html for role in roles) and 'class="roles-by-date"' in html
    assert f'<link rel="alternate" type="application/atom+xml" title="События: {name}" href="{data["links"]["atom"]}">' in html
    assert re.search(r'<a class="subscribe" href="/feed\.atom\?official=[^"]+"[^>]*>подписаться', html)
    for m in data["months"]:
        assert f'href="{m["url"].replace("&", "&amp;")}"' in html  # the timeline links each month to its search
    assert 'href="/country/JP"' in html and 'href="/official/%D0%9A' in html  # Япония, Кэнтаро Мацуда


def test_every_official_and_country_of_the_corpus_has_a_page(client, docs):
    names = {o for d in docs for o in d["officials"]}
    for name in names:
        data = client.get(f"/api/official/{name}").get_json()
        assert data["total"] == sum(name in d["officials"] for d in docs), name
        assert unquote(data["links"]["html"]) == f"/official/{name}"
        assert client.get(data["links"]["html"]).status_code == 200
    for code in {c for d in docs for c in d["countries"]}:
        assert client.get(f"/country/{code}").status_code == 200


def test_a_country_page_and_its_json_twin(client, docs):
    mine = [d for d in docs if "JP" in d["countries"]]
    data = client.get("/api/country/jp").get_json()
    assert (data["kind"], data["value"], data["label"], data["total"]) == ("country", "JP", "Япония", len(mine))
    ours = {p["value"]: p for p in data["kz_officials"]}
    assert set(ours) == {o for d in mine for o in d["kz_officials"]}
    assert "посол Казахстана в Японии" in {r["role"] for r in ours["Ерлан Байжанов"]["roles"]} and ours["Ерлан Байжанов"]["envoy"]
    assert all(not p["kz"] for p in data["officials"]) and data["officials"]
    assert data["topics"] and all(t["url"].startswith("/?country=JP&q=") for t in data["topics"])
    html = client.get("/country/JP").get_data(as_text=True)
    assert "<h1>Япония</h1>" in html and f"{len(mine)} {plural(len(mine), *EVENTS)}" in html and 'class="topics"' in html
    assert 'href="/feed.atom?country=JP"' in html and "Представители Казахстана" in html


def test_unknown_dossiers_are_404_in_html_and_json(client):
    assert client.get("/official/Никто Никтоев").status_code == 404
    resp = client.get("/api/official/Никто Никтоев")
    assert resp.status_code == 404 and "error" in resp.get_json()
    assert client.get("/api/country/ZZ").status_code == 404


def test_names_are_escaped_and_pages_need_no_inline_code(client):
    resp = client.get("/official/<script>alert(1)</script>")
    assert resp.status_code == 404 and "<script>alert" not in resp.get_data(as_text=True)
    for url in ("/official/Ерлан Байжанов", "/country/JP"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and "style=" not in html and "onclick" not in html  # the CSP allows none


def test_event_tags_link_to_the_dossiers(client):
    html = client.get("/?q=посол").get_data(as_text=True)
    assert 'class="tag country" href="/country/' in html
    assert re.search(r'class="tag (kz|foreign)" href="/official/', html)


def test_numbers_group_digits():
    assert [num(n) for n in (7, 1000, 144669, 1000057)] == ["7", "1\u202f000", "144\u202f669", "1\u202f000\u202f057"]


def test_timeline_has_twelve_months_a_year_with_levels():
    months = [{"value": "2025-06", "count": 1}, {"value": "2026-02", "count": 8}]
    rows = timeline(months)
    assert [r["year"] for r in rows] == [2025, 2026] and all(len(r["cells"]) == 12 for r in rows)
    assert [r["total"] for r in rows] == [1, 8]
    assert rows[0]["cells"][5]["level"] == 1 and rows[1]["cells"][1]["level"] == 4 and rows[1]["cells"][0]["level"] == 0
    assert timeline([]) == []
