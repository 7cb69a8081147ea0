"""Atom feeds of any search, read with a maintained feed parser (feedparser), on a real store; and a
journalist's reader across real indexer runs on SQLite and on Elasticsearch."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime

import feedparser
import pytest

from conftest import RELEASES, ROOT, drop_alias, es_alias
from eventstore.stores import open_store
from webui import create_app, render

PUBLIC = "https://events.example.org"


@pytest.fixture(scope="module")
def app(sqlite_store_path):
    app = create_app(str(sqlite_store_path))
    app.config["PUBLIC_URL"] = PUBLIC
    return app


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


def read(client, url: str, **kw):
    resp = client.get(url, **kw)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    assert resp.content_type == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(resp.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_a_search_feed_is_valid_atom_with_every_required_element(client, corpus_docs):
    feed = read(client, "/feed.atom?country=JP")
    f = feed.feed
    assert f.id.startswith("tag:events.example.org,2026:search?") and f.title.startswith("Япония — ")
    assert f.updated_parsed and f.author == "Дипломатическая хроника Казахстана"
    links = {link.rel: link.href for link in f.links}
    assert links == {"self": f"{PUBLIC}/feed.atom?country=JP", "alternate": f"{PUBLIC}/?country=JP"}
    assert len(feed.entries) == sum("JP" in d["countries"] for *_, events in corpus_docs for d in events)
    for e in feed.entries:
        assert e.id.startswith("tag:events.example.org,2026:event/") and e.title and e.updated_parsed
        assert e.link == f"{PUBLIC}/event/{e.id.rsplit('/', 1)[1]}"
        assert e.content[0].type == "text/plain" and len(e.content[0].value) > 40
        terms = {(t.term, t.scheme) for t in e.tags}
        assert ("JP", f"{PUBLIC}/country/") in terms
        assert any(s == f"{PUBLIC}/official/" for _, s in terms)


def test_the_feed_is_the_same_search_newest_first(client, corpus_docs):
    api = client.get("/api/search?q=посол&country=TR&sort=date_desc&per_page=100").get_json()
    feed = read(client, "/feed.atom?q=посол&country=TR&sort=relevance&page=1")
    assert [e.id.rsplit("/", 1)[1] for e in feed.entries] == [h["id"] for h in api["hits"]]
    assert feed.feed.title.startswith("«посол» · Турция — ")
    every = read(client, "/feed.atom?per_page=100")
    assert len(every.entries) == min(100, sum(len(events) for *_, events in corpus_docs))
    newest = max(d["date"] for *_, events in corpus_docs for d in events)
    assert every.entries[0].title.startswith(render.ru_date(newest))
    ids = [e.id for e in every.entries]
    assert len(set(ids)) == len(ids)
    titles = [e.title for e in every.entries]
    assert len(set(titles)) == len(titles)  # a distinct title per event


def test_entry_updated_is_when_its_file_was_indexed(client, sqlite_store_path):
    db = sqlite3.connect(sqlite_store_path)
    indexed = dict(db.execute("SELECT release_id, indexed_at FROM sources"))
    feed = read(client, "/feed.atom?per_page=100")
    assert feed.entries
    for e in feed.entries:
        release_id = e.id.rsplit("/", 1)[1].rsplit("-", 1)[0]
        assert datetime.fromisoformat(e.updated) == datetime.fromisoformat(indexed[release_id])
    shown = {e.id.rsplit("/", 1)[1].rsplit("-", 1)[0] for e in feed.entries}
    assert datetime.fromisoformat(feed.feed.updated) == max(datetime.fromisoformat(indexed[r]) for r in shown)


def test_links_come_from_the_setting_never_from_the_host_header(client, sqlite_store_path, monkeypatch):
    body = client.get("/feed.atom", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in body and PUBLIC in body
    monkeypatch.delenv("EVENTS_PUBLIC_URL", raising=False)
    bare = create_app(str(sqlite_store_path)).test_client()
    body = bare.get("/feed.atom", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in body and "http://localhost/event/" in body
    monkeypatch.setenv("EVENTS_PUBLIC_URL", "https://news.example.kz/events/")
    env = create_app(str(sqlite_store_path)).test_client()
    feed = feedparser.parse(env.get("/feed.atom?country=JP").data)
    assert feed.entries[0].link.startswith("https://news.example.kz/events/event/")
    assert feed.entries[0].id.startswith("tag:news.example.kz,2026:event/")


def test_the_search_page_offers_its_feed(client):
    html = client.get("/?q=посол&country=TR&sort=date_asc&page=1").get_data(as_text=True)
    href = "/feed.atom?q=%D0%BF%D0%BE%D1%81%D0%BE%D0%BB&amp;country=TR"
    assert f'<link rel="alternate" type="application/atom+xml" title="Новые события по этому запросу" href="{href}">' in html
    assert f'<a class="subscribe" href="{href}"' in html and ">подписаться</a>" in html


def test_bad_parameters_are_400(client):
    assert client.get("/feed.atom?date_from=вчера").status_code == 400
    assert client.get("/feed.atom?per_page=1000").status_code == 400


# --- a reader following a search across real indexer runs ---------------------------------------

def indexer(*args):
    out = subprocess.run([sys.executable, "-m", "indexer", *map(str, args)], capture_output=True, text=True,
                         cwd=ROOT, timeout=600, env=dict(os.environ))
    assert out.returncode == 0, out.stderr


def follow(setting: str, tmp_path, corpus_docs):
    """Index all releases but the last, read the feeds, index the last, read again: the new ids are
    exactly the new release's events (those the feed's search finds), the others kept theirs."""
    *older, (new_source, _, _, new_events) = corpus_docs
    tag = lambda e: f"tag:events.example.org,2026:event/{e['id']}"  # noqa: E731
    dates = {tag(e): e["date"] for *_, events in corpus_docs for e in events}
    src = tmp_path / "incoming"
    src.mkdir()
    for source, *_ in older:
        shutil.copy(RELEASES / source, src / source)
    indexer("run", "--source", src, "--store", setting, "--workers", "1")
    app = create_app(setting)
    app.config["PUBLIC_URL"] = PUBLIC
    client = app.test_client()
    country = new_events[0]["countries"][0]
    official = new_events[0]["officials"][0]
    urls = ["/feed.atom?per_page=100", f"/feed.atom?country={country}", f"/feed.atom?official={official}"]
    before = {u: read(client, u) for u in urls}
    shutil.copy(RELEASES / new_source, src / new_source)
    indexer("run", "--source", src, "--store", setting, "--workers", "1")
    for url, wants in zip(urls, (lambda e: True, lambda e: country in e["countries"], lambda e: official in e["officials"])):
        after = read(client, url)
        old = {e.id: e.updated for e in before[url].entries}
        new = {e.id: e.updated for e in after.entries}
        # Newest events first: a new event dated before the window of the 100 newest is not in it.
        oldest = min(dates[e.id] for e in after.entries) if len(after.entries) == 100 else ""
        expected = {tag(e) for e in new_events if wants(e) and e["date"] > oldest}
        at_edge = {tag(e) for e in new_events if wants(e) and e["date"] == oldest}  # ties: in or out
        assert expected and expected <= set(new) - set(old) <= expected | at_edge, url
        expected = set(new) - set(old)
        if len(old) + len(expected) <= 100:
            assert set(old) <= set(new), url  # nothing dropped from a feed this small
        else:  # the window of 100 newest moved on by the new events: the oldest left it
            assert len(new) == 100 and set(old) - set(new) == set(list(old)[100 - len(expected):]), url
        assert all(new[i] == old[i] for i in set(old) & set(new)), url  # events already seen are not «updated»
        assert read(client, url).entries == after.entries  # reading again changes nothing


@pytest.mark.slow
def test_a_reader_sees_each_new_event_once_on_sqlite(tmp_path, corpus_docs):
    follow(str(tmp_path / "e.sqlite3"), tmp_path, corpus_docs)


@pytest.mark.slow
def test_a_reader_sees_each_new_event_once_on_elasticsearch(tmp_path, corpus_docs, es_node):
    url, _ = es_node
    setting = es_alias(url)
    try:
        follow(setting, tmp_path, corpus_docs)
    finally:
        drop_alias(open_store(setting))


def test_titles_that_would_repeat_get_the_event_number():
    from webui.feeds import entry_titles

    doc = {"date": "2026-02-17", "countries": ["KW"], "text": "Посол Казахстана в Кувейте провел встречу " * 5}
    titles = entry_titles([{**doc, "n": 2}, {**doc, "n": 5}, {**doc, "countries": [], "n": 7}])
    assert titles[0].startswith("17 февраля 2026 · Кувейт · Посол Казахстана в Кувейте провел встречу")
    assert titles[0].endswith("… (событие 2)") and titles[1].endswith("… (событие 5)")
    assert titles[2].startswith("17 февраля 2026 · Посол") and "(событие" not in titles[2]
    assert len(titles[0]) < 120
