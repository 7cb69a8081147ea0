"""Links that outlive edits, through the web: 301 for a replaced id, 410 for a removed one, «изменено»
and the earlier text on the release page — on stores built by real runs of the indexer over edited files."""
from __future__ import annotations

import shutil
from xml.etree import ElementTree as ET

import pytest

from conftest import RELEASES, REWORDED, drop_alias, edit_every_way, es_alias, indexer
from eventstore.stores import open_store
from indexer.release import read_release
from webui import create_app

pytestmark = pytest.mark.slow

EUROPE, ASIA = "002_europe.txt", "001_asia_gulf.txt"
ATOM = "{http://www.w3.org/2005/Atom}"


def run(source, setting, *args):
    out = indexer("run", "--source", source, "--store", setting, *args)
    assert (out.returncode, out.stderr) == (0, ""), out.stderr


def entries(client) -> dict[str, str]:
    """The feed's entries: entry id → content."""
    feed = ET.fromstring(client.get("/feed.atom?per_page=100").get_data())
    return {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}content") for e in feed.iter(f"{ATOM}entry")}


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch"])
def site(request, tmp_path_factory):
    """A store of two releases; then the Europe release edited every way and the Asia one deleted with --prune."""
    tmp = tmp_path_factory.mktemp("permalinks")
    if request.param == "sqlite":
        setting = str(tmp / "e.sqlite3")
    else:
        setting = es_alias(request.getfixturevalue("es_node")[0])
    source = tmp / "incoming"
    source.mkdir()
    for name in (ASIA, EUROPE):
        shutil.copy(RELEASES / name, source / name)
    run(source, setting)
    writer = open_store(setting)
    europe, asia = writer.held(EUROPE).release, writer.held(ASIA).release
    client = create_app(setting).test_client()
    feed_before = entries(client)
    edit_every_way(source / EUROPE)
    (source / ASIA).unlink()
    run(source, setting, "--prune")
    yield {"client": create_app(setting).test_client(), "europe": europe, "asia": asia, "feed_before": feed_before,
           "content_id": read_release(source / EUROPE).release_id, "rid": europe["release_id"]}
    if request.param != "sqlite":
        drop_alias(writer)


def test_kept_events_answer_at_their_old_ids_with_their_text(site):
    c, europe = site["client"], site["europe"]
    for i in (0, 2, 4):
        e = europe["events"][i]
        resp = c.get(f"/api/event/{e['id']}")
        assert resp.status_code == 200 and resp.get_json()["text"] == e["text"]
    assert europe["events"][2]["text"][:40] in c.get(f"/event/{europe['events'][2]['id']}").get_data(as_text=True)


def test_a_replaced_event_redirects_permanently_keeping_the_search(site):
    c, rid = site["client"], site["rid"]
    resp = c.get(f"/event/{rid}-4?q=посол")
    assert resp.status_code == 301 and resp.headers["Location"].endswith(f"/event/{rid}-7?q=%D0%BF%D0%BE%D1%81%D0%BE%D0%BB")
    api = c.get(f"/api/event/{rid}-4")
    assert api.status_code == 301 and api.headers["Location"].endswith(f"/api/event/{rid}-7")
    followed = c.get(f"/api/event/{rid}-4", follow_redirects=True)
    assert followed.status_code == 200 and followed.get_json()["text"] == REWORDED


def test_a_removed_event_answers_410_with_its_release(site):
    c, rid = site["client"], site["rid"]
    html = c.get(f"/event/{rid}-2")
    assert html.status_code == 410
    text = html.get_data(as_text=True)
    assert "Это событие удалено из релиза" in text and f'href="/release/{rid}"' in text
    api = c.get(f"/api/event/{rid}-2")
    assert api.status_code == 410
    assert api.get_json() | {"removed": None} == {"error": api.get_json()["error"], "removed": None, "release_id": rid,
                                                  "release_url": f"/release/{rid}"}


def test_the_edited_release_says_when_it_changed_and_shows_its_earlier_text(site):
    c, rid, europe = site["client"], site["rid"], site["europe"]
    html = c.get(f"/release/{rid}").get_data(as_text=True)
    assert "изменено " in html and "Прежний текст" in html
    assert "Дипломатическая хроника: встречи послов" in html and "Дипломатическая хроника МИД" in html
    assert europe["events"][1]["text"][:60] in html  # the deleted paragraph, in the earlier text
    data = c.get(f"/api/release/{rid}").get_json()
    assert data["changed"] and data["title"].startswith("Дипломатическая хроника МИД")
    (earlier,) = data["versions"]
    assert earlier["until"] == data["changed"] and earlier["title"] == europe["title"]
    assert [e["text"] for e in earlier["events"]] == [e["text"] for e in europe["events"]]
    assert [e["id"] for e in data["events"]] == [f"{rid}-6", f"{rid}-1", f"{rid}-3", f"{rid}-7", f"{rid}-5"]


def test_the_new_content_id_of_an_edited_release_redirects_to_its_lasting_id(site):
    c, rid, content_id = site["client"], site["rid"], site["content_id"]
    assert content_id != rid
    resp = c.get(f"/release/{content_id}")
    assert resp.status_code == 301 and resp.headers["Location"].endswith(f"/release/{rid}")
    assert c.get(f"/api/release/{content_id}").headers["Location"].endswith(f"/api/release/{rid}")


def test_a_release_deleted_with_prune_and_its_events_answer_410(site):
    c, asia = site["client"], site["asia"]
    page = c.get(f"/release/{asia['release_id']}")
    assert page.status_code == 410 and "Этот релиз удалён" in page.get_data(as_text=True)
    assert c.get(f"/api/release/{asia['release_id']}").get_json()["release_id"] == asia["release_id"]
    event = c.get(f"/api/event/{asia['events'][0]['id']}")
    assert event.status_code == 410 and event.get_json()["release_url"] is None
    assert "Открыть релиз" not in c.get(f"/event/{asia['events'][0]['id']}").get_data(as_text=True)


def test_unknown_ids_are_still_404(site):
    c, rid = site["client"], site["rid"]
    assert c.get(f"/event/{rid}-99").status_code == 404 and c.get("/api/release/nope").status_code == 404


def test_feed_entries_keep_their_ids_across_the_edit(site):
    c, rid, europe = site["client"], site["rid"], site["europe"]
    before, after = site["feed_before"], entries(c)
    tag = next(iter(after)).rsplit("event/", 1)[0] + "event/"
    kept = {tag + e["id"] for i, e in enumerate(europe["events"]) if i in (0, 2, 4)}
    assert kept <= before.keys() & after.keys()  # a reader sees no duplicate of an edited event
    assert {tag + f"{rid}-2", tag + f"{rid}-4"} <= before.keys() and not {tag + f"{rid}-2", tag + f"{rid}-4"} & after.keys()
    assert {tag + f"{rid}-6", tag + f"{rid}-7"} <= after.keys()
    assert not {tag + e["id"] for e in site["asia"]["events"]} & after.keys()
