"""Evidence through the web (issue 16): the event JSON carries it, the event page marks each tag's words
in the text and gives its reasons in Russian; hits stay light; documents without evidence still render.
On both stores: SQLite, and a real Elasticsearch node (skips without one)."""
from __future__ import annotations

import html as htmllib
import re

import pytest

from conftest import drop_alias, es_alias, fill_store, make_event, make_release
from eventstore.stores import open_store
from webui import create_app


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch"])
def client(request, sqlite_store_path, corpus_docs):
    if request.param == "sqlite":
        yield create_app(str(sqlite_store_path)).test_client()
        return
    url, _ = request.getfixturevalue("es_node")
    store = open_store(es_alias(url))
    fill_store(store, corpus_docs)
    yield create_app(store.setting).test_client()
    drop_alias(store)


@pytest.fixture(scope="module")
def events(corpus_docs):
    return {e["id"]: e for *_, docs in corpus_docs for e in docs}


def _pick(events, rule: str) -> dict:
    return next(e for e in events.values() if any(r["rule"] == rule for r in e["evidence"]))


def _page(client, url: str) -> str:
    resp = client.get(url)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return resp.get_data(as_text=True)


def _lit_text(page: str, key: str, attr: str = "data-ev") -> str:
    """What the page's evidence spans for one tag hold, joined (HTML unescaped, marks dropped)."""
    text = page[page.index('class="event current"'):page.index('id="event-tags"')]
    pieces = re.findall(r'<span class="ev"([^>]*)>(.*?)</span>', text)
    found = [body for attrs, body in pieces if re.search(rf'{attr}="[^"]*\b{key}\b', attrs)]
    return htmllib.unescape(re.sub(r"</?mark>", "", "".join(found)))


def _words(e: dict, facet: str, value: str) -> str:
    spans = sorted({(r["start"], r["end"]) for r in e["evidence"] if r["facet"] == facet and r["value"] == value})
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return "".join(e["text"][a:b] for a, b in merged)


def test_the_event_json_carries_the_evidence_as_indexed(client, events):
    e = _pick(events, "side:delegation")
    data = client.get(f"/api/event/{e['id']}").get_json()
    assert data["evidence"] == e["evidence"] and data["evidence"]
    release = client.get(f"/api/release/{e['release_id']}").get_json()
    assert next(x for x in release["events"] if x["id"] == e["id"])["evidence"] == e["evidence"]


def test_hits_and_dossiers_stay_light(client, events):
    hits = client.get("/api/search?per_page=50").get_json()["hits"]
    assert hits and all("evidence" not in h for h in hits) and all("countries" in h for h in hits)
    latest = client.get("/api/country/JP").get_json()["latest"]
    assert latest and all("evidence" not in e for e in latest)
    # Exports name their columns: offsets into a text mean nothing in a spreadsheet.
    assert "основания" not in client.get("/export.csv?country=JP").get_data(as_text=True).splitlines()[0]


def test_every_tag_marks_exactly_its_words_in_the_text(client, events):
    for rule in ("country:adjective", "side:title", "org:table", "date:text", "surname:bare"):
        e = _pick(events, rule)
        page = _page(client, f"/event/{e['id']}")
        for i, code in enumerate(e["countries"]):
            assert _lit_text(page, f"c{i}") == _words(e, "country", code)
        for i, name in enumerate(e["officials"]):
            assert _lit_text(page, f"p{i}") == _words(e, "official", name), (e["id"], name)
            assert _lit_text(page, f"p{i}", "data-why") == _words(e, "kz_official", name)
        for i, org in enumerate(e["orgs"]):
            assert _lit_text(page, f"o{i}") == _words(e, "org", org)
        assert _lit_text(page, "d0") == _words(e, "date", e["date"])
        # The text itself is whole: the spans only wrap it.
        body = page[page.index('class="event current"'):page.index("</div>", page.index('class="event current"'))]
        plain = htmllib.unescape(re.sub(r"<[^>]+>", "", body.split(">", 1)[1]))
        assert re.sub(r"\s+", " ", plain).strip() == re.sub(r"\s+", " ", e["text"]).strip()


def test_reasons_are_in_russian_in_a_tooltip_and_in_the_list(client, events):
    e = _pick(events, "country:adjective")
    page = _page(client, f"/event/{e['id']}")
    adjective = next(r for r in e["evidence"] if r["rule"] == "country:adjective")
    key = f"c{e['countries'].index(adjective['value'])}"
    tip = re.search(rf'<span class="tip" role="tooltip" id="tip-{key}">(.*?)</span></li>', page, re.S).group(1)
    assert f"по прилагательному: «{e['text'][adjective['start']:adjective['end']]}»" in htmllib.unescape(tip)
    assert f'aria-describedby="tip-{key}"' in page and f'href="#why-{key}"' in page
    listed = page[page.index(f'<dt id="why-{key}">'):]
    assert f"<mark class=\"said\">{htmllib.escape(e['text'][adjective['start']:adjective['end']], quote=False)}</mark>" in listed
    dated = _pick(events, "date:dateline")
    assert "из датлайна релиза: «" in _page(client, f"/event/{dated['id']}")


def test_tags_keep_their_links(client, events):
    e = _pick(events, "side:title")
    page = _page(client, f"/event/{e['id']}")
    for name in e["officials"]:
        assert 'href="/official/' in page and htmllib.escape(name) in page
    assert f'href="/?date_from={e["date"]}&amp;date_to={e["date"]}"' in page
    for code in e["countries"]:
        assert f'href="/country/{code}"' in page


def test_search_marks_and_evidence_spans_live_together(client, events):
    e = _pick(events, "side:title")
    page = _page(client, f"/event/{e['id']}?q=посол")
    text = page[page.index('class="event current"'):page.index('id="event-tags"')]
    assert "<mark>" in text and 'data-why="' in text


def test_documents_without_evidence_still_render(tmp_path):
    text = "Посол Казахстана в Японии Ерлан Байжанов встретился с министром.\nСтороны обсудили визит в Токио."
    store = open_store(str(tmp_path / "old.sqlite3"))
    doc = make_event("old1", 1, text, countries=["JP"], officials=["Ерлан Байжанов"], kz_officials=["Ерлан Байжанов"],
                     roles={"Ерлан Байжанов": "посол Казахстана в Японии"}, orgs=["МИД Японии"])
    del doc["evidence"]  # written before the field existed
    # A stale record pointing past the text is skipped, not a crash.
    stale = make_event("old1", 2, "Короткий текст.", countries=["JP"],
                       evidence=[{"facet": "country", "value": "JP", "start": 400, "end": 420, "rule": "country:name"},
                                 {"facet": "country", "value": "XX", "start": 0, "end": 3, "rule": "country:name"}])
    store.replace_source("old.txt", "x", make_release("old1"), [doc, stale])
    store.flush()
    client = create_app(str(tmp_path / "old.sqlite3")).test_client()
    page = _page(client, "/event/old1-1")
    assert "Ерлан Байжанов" in page and 'href="/country/JP"' in page and "Стороны обсудили визит в Токио." in page
    assert 'class="why"' not in page and "Откуда теги" not in page and 'class="ev"' not in page
    assert client.get("/api/event/old1-1").get_json().get("evidence", []) == []
    assert "Короткий текст." in _page(client, "/event/old1-2")
