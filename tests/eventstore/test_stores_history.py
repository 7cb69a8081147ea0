"""The permalink primitives on both stores: resolve, redirects and versions written with a file's
documents, a renamed file taking a release over, history carried into a rebuild."""
from __future__ import annotations

import pytest

from conftest import drop_alias, es_alias, make_event, make_release
from eventstore.stores import open_store
from eventstore.stores.history import Held, Redirect, Revision, Version

AT = "2026-03-01T10:00:00+00:00"


@pytest.fixture(params=["sqlite", "elasticsearch"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = open_store(str(tmp_path / "s.sqlite3"))
        yield s
        s.close()
        return
    url, _ = request.getfixturevalue("es_node")
    s = open_store(es_alias(url))
    yield s
    drop_alias(s)


def put(store, source, rid, texts, revision=None, serials=None):
    events = [make_event(rid, n, t) for n, t in enumerate(texts, 1)]
    for doc, k in zip(events, serials or range(1, len(texts) + 1)):
        doc["id"] = f"{rid}-{k}"
    store.replace_source(source, f"h-{source}-{len(texts)}", {**make_release(rid), "source": source}, events, revision)
    store.flush()
    return events


def test_live_moved_chained_gone_and_unknown_ids(store):
    put(store, "a.txt", "r1", ["Посол встретился.", "Консул выступил."], serials=[1, 5],
        revision=Revision(redirects=(Redirect("r1-2", "event", "r1", "r1-3", AT), Redirect("r1-3", "event", "r1", "r1-5", AT),
                                     Redirect("r1-4", "event", "r1", None, AT), Redirect("r1-6", "event", "r1", "r1-4", AT),
                                     Redirect("r1-1", "event", "r1", None, AT), Redirect("r0", "release", "r1", "r1", AT))))
    kind, doc = store.resolve("r1-1")
    assert kind == "event" and doc["text"] == "Посол встретился."  # a live document wins over an old record
    assert store.resolve("r1-2") == ("moved", "r1-5")  # replaced twice: followed to the end
    assert store.resolve("r1-4") == ("gone", Redirect("r1-4", "event", "r1", None, AT))
    assert store.resolve("r1-6")[0] == "gone"  # replaced by one that was removed since
    assert store.resolve("r1-9") is None and store.resolve("r0") is None  # never known; a release id is no event
    assert store.resolve_release("r0") == ("moved", "r1") and store.resolve_release("r1")[0] == "release"
    assert store.source_of_release("r0") == "a.txt"  # an edited release's content id names its holder
    assert sorted(store.retired_ids("r1")) == ["r1-1", "r1-2", "r1-3", "r1-4", "r1-6"]


def test_held_is_what_the_file_holds_and_versions_come_newest_first(store):
    put(store, "a.txt", "r1", ["Посол встретился."])
    held = store.held("a.txt")
    assert held.source == "a.txt" and held.release_id == "r1" and held.hash == "h-a.txt-1"
    assert [e["id"] for e in held.release["events"]] == ["r1-1"] and store.held("b.txt") is None
    first = Version("r1", "h0", "2026-03-01T10:00:00+00:00", "edited", {"title": "T0", "events": []})
    second = Version("r1", "h1", "2026-03-02T10:00:00+00:00", "edited", {"title": "T1", "events": []})
    put(store, "a.txt", "r1", ["Посол встретился.", "Консул выступил."], revision=Revision(versions=(first, second), previous=held))
    assert store.release_versions("r1") == [second, first]
    assert store.release_versions("r2") == []


def test_a_renamed_file_takes_the_release_over_in_one_write(store):
    put(store, "old.txt", "r1", ["Посол встретился.", "Консул выступил."])
    held = store.held("old.txt")
    put(store, "new.txt", "r1", ["Посол встретился.", "Консул выступил."], revision=Revision(previous=held))
    assert set(store.sources()) == {"new.txt"} and store.held("old.txt") is None
    assert store.source_of_release("r1") == "new.txt" and store.held("new.txt").release["events"] == held.release["events"]
    assert store.stats()["events"] == 2 and store.resolve("r1-2")[0] == "event"


def test_a_deleted_file_leaves_its_records(store):
    put(store, "a.txt", "r1", ["Посол встретился."])
    gone = (Redirect("r1-1", "event", "r1", None, AT), Redirect("r1", "release", "r1", None, AT))
    last = Version("r1", "h-a.txt-1", AT, "removed", {"release_id": "r1", "events": [{"id": "r1-1", "text": "Посол встретился."}]})
    store.delete_source("a.txt", Revision(redirects=gone, versions=(last,)))
    store.flush()
    assert store.sources() == {} and store.resolve("r1-1") == ("gone", gone[0])
    assert store.resolve_release("r1") == ("gone", gone[1]) and store.release_versions("r1") == [last]


def test_a_rebuild_gets_the_history_it_is_given(store):
    records = [Redirect("r1-3", "event", "r1", "r1-2", AT), Version("r1", "h", AT, "edited", {"title": "Т", "events": []})]
    store.add_history(records)
    put(store, "a.txt", "r1", ["Посол встретился.", "Консул выступил."])
    new = store.begin_rebuild()
    try:
        new.add_history(store.history())
        put(new, "a.txt", "r1", ["Посол встретился.", "Консул выступил."])
        store.finish_rebuild(new)
    except BaseException:
        store.abort_rebuild(new)
        raise
    reader = open_store(getattr(store, "setting", None) or str(store.path), readonly=True)
    assert sorted(map(repr, reader.history())) == sorted(map(repr, records))
    assert reader.resolve("r1-3") == ("moved", "r1-2")
