"""Ids that survive edits, with real release files and real reruns of `python -m indexer run`,
on SQLite and on a real Elasticsearch node: what each kind of edit does to the ids a journalist cited."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import NEW_EVENT, RELEASES, REWORDED, drop_alias, edit_every_way, edit_release, es_alias, indexer
from eventstore.stores import open_store
from eventstore.stores.history import Redirect, Version
from indexer.release import read_release

pytestmark = pytest.mark.slow

EUROPE, ASIA = "002_europe.txt", "001_asia_gulf.txt"


@pytest.fixture(params=["sqlite", "elasticsearch"])
def setting(request, tmp_path) -> str:
    if request.param == "sqlite":
        yield str(tmp_path / "e.sqlite3")
        return
    url, _ = request.getfixturevalue("es_node")
    alias = es_alias(url)
    yield alias
    drop_alias(open_store(alias))


@pytest.fixture
def source(tmp_path) -> Path:
    src = tmp_path / "incoming"
    src.mkdir()
    for name in (ASIA, EUROPE):
        shutil.copy(RELEASES / name, src / name)
    return src


def run(source: Path, setting: str, *args, env=None):
    out = indexer("run", "--source", source, "--store", setting, *args, env=env)
    assert (out.returncode, out.stderr) == (0, ""), out.stderr
    return out


def edited(source: Path, setting: str, change, *args) -> tuple[str, list[dict], list[dict]]:
    """Index, change the Europe release's lines, index again: (release id, events before, events after)."""
    run(source, setting)
    rid, before = held(setting, EUROPE)
    edit_release(source / EUROPE, change)
    run(source, setting, *args)
    return rid, before, held(setting, EUROPE)[1]


def held(setting: str, name: str) -> tuple[str, list[dict]]:
    """(release id, its events in order) that a file holds."""
    h = open_store(setting).held(name)
    return h.release_id, h.release["events"]


def by_text(events: list[dict]) -> dict[str, str]:
    return {e["text"]: e["id"] for e in events}


def resolve(setting: str, event_id: str):
    return open_store(setting, readonly=True).resolve(event_id)


def test_a_fixed_title_typo_keeps_every_id_and_the_earlier_title(source, setting):
    edit_release(source / EUROPE, lambda ls: [ls[0].replace("хроника", "хрониика", 1), *ls[1:]])
    run(source, setting)
    rid, before = held(setting, EUROPE)
    typo = read_release(source / EUROPE).release_id
    edit_release(source / EUROPE, lambda ls: [ls[0].replace("хрониика", "хроника", 1), *ls[1:]])
    run(source, setting)
    after_rid, after = held(setting, EUROPE)
    assert rid == after_rid == typo
    assert [e["id"] for e in after] == [e["id"] for e in before]
    assert all(e["release_title"].startswith("Дипломатическая хроника:") for e in after)
    store = open_store(setting, readonly=True)
    fixed = read_release(source / EUROPE).release_id
    assert fixed != rid and store.resolve_release(fixed) == ("moved", rid)  # the new content id names it too
    assert store.resolve_release(rid)[0] == "release"
    (version,) = store.release_versions(rid)
    assert version.reason == "edited" and version.release["title"].startswith("Дипломатическая хрониика")
    assert [e["text"] for e in version.release["events"]] == [e["text"] for e in before]


def test_an_inserted_paragraph_gets_a_new_id_and_the_others_keep_theirs(source, setting):
    rid, before, after = edited(source, setting, lambda ls: [*ls[:4], NEW_EVENT, *ls[4:]])
    assert by_text(after).items() >= by_text(before).items()
    new_id = by_text(after)[NEW_EVENT]
    assert new_id == f"{rid}-6" and after[1]["id"] == new_id and after[1]["n"] == 2
    assert [e["n"] for e in after] == [1, 2, 3, 4, 5, 6]  # positions move, ids do not
    third = before[2]  # was /event/<rid>-3, third in place; now fourth in place, same id, same text
    kind, doc = resolve(setting, third["id"])
    assert kind == "event" and doc["text"] == third["text"] and doc["n"] == 4


def test_a_deleted_paragraph_answers_gone_and_its_id_is_never_issued_again(source, setting):
    rid, before, after = edited(source, setting, lambda ls: [*ls[:4], *ls[5:]])  # the second event
    assert [e["id"] for e in after] == [before[i]["id"] for i in (0, 2, 3, 4)]
    kind, record = resolve(setting, before[1]["id"])
    assert kind == "gone" and record.release_id == rid and record.to is None
    edit_release(source / EUROPE, lambda ls: [*ls, NEW_EVENT])
    run(source, setting)
    _, later = held(setting, EUROPE)
    assert by_text(later)[NEW_EVENT] == f"{rid}-6"  # not -2, not -5: a number never issued before
    assert resolve(setting, before[1]["id"])[0] == "gone"


def test_a_slightly_reworded_paragraph_keeps_its_id(source, setting):
    _, before, after = edited(source, setting,
                              lambda ls: [*ls[:4], ls[4].replace("выступил перед", "выступил с докладом перед"), *ls[5:]])
    assert [e["id"] for e in after] == [e["id"] for e in before]
    kind, doc = resolve(setting, before[1]["id"])
    assert kind == "event" and "выступил с докладом перед" in doc["text"]


def test_a_completely_reworded_paragraph_redirects_to_its_replacement(source, setting):
    rid, before, after = edited(source, setting, lambda ls: [*ls[:4], REWORDED, *ls[5:]])
    replacement = after[1]
    assert replacement["text"] == REWORDED and replacement["id"] == f"{rid}-6"
    assert resolve(setting, before[1]["id"]) == ("moved", replacement["id"])
    assert [after[i]["id"] for i in (0, 2, 3, 4)] == [before[i]["id"] for i in (0, 2, 3, 4)]
    # Replaced again: the first link follows both moves.
    edit_release(source / EUROPE, lambda ls: [*ls[:4], NEW_EVENT, *ls[5:]])
    run(source, setting)
    assert resolve(setting, before[1]["id"]) == ("moved", f"{rid}-7")


def test_a_renamed_file_keeps_its_release_and_ids_with_prune(source, setting):
    run(source, setting)
    rid, before = held(setting, EUROPE)
    (source / "europe").mkdir()
    (source / EUROPE).rename(source / "europe" / "renamed.txt")
    out = run(source, setting, "--prune", "-v")
    assert "1 indexed" in out.stdout and "1 removed" in out.stdout
    assert held(setting, "europe/renamed.txt") == (rid, before)
    assert open_store(setting).held(EUROPE) is None
    store = open_store(setting, readonly=True)
    assert all(store.resolve(e["id"])[0] == "event" for e in before)
    assert store.release_versions(rid) == [] and store.resolve_release(rid)[0] == "release"


def test_a_renamed_file_with_a_new_header_keeps_its_ids_by_similarity(source, setting):
    run(source, setting)
    rid, before = held(setting, EUROPE)
    edit_release(source / EUROPE, lambda ls: [" date 2026-02-15 Встречи послов в Европе", ls[1],
                                              ls[2].replace("13 февраля", "14 февраля"), ls[3], REWORDED, *ls[5:]])
    (source / EUROPE).rename(source / "2026-02-15.txt")
    run(source, setting, "--prune")
    new_rid, after = held(setting, "2026-02-15.txt")
    assert new_rid == rid
    assert [after[i]["id"] for i in (0, 2, 3, 4)] == [before[i]["id"] for i in (0, 2, 3, 4)]
    assert resolve(setting, before[1]["id"]) == ("moved", after[1]["id"])
    (version,) = open_store(setting, readonly=True).release_versions(rid)
    assert version.release["source"] == EUROPE and version.release["date"] == "2026-02-14"


def test_a_file_deleted_with_prune_answers_gone_and_comes_back_with_its_ids(source, setting):
    run(source, setting)
    rid, before = held(setting, EUROPE)
    kept = (source / EUROPE).read_bytes()
    (source / EUROPE).unlink()
    run(source, setting)  # without --prune nothing is removed
    assert resolve(setting, before[0]["id"])[0] == "event"
    run(source, setting, "--prune")
    store = open_store(setting, readonly=True)
    for e in before:
        kind, record = store.resolve(e["id"])
        assert kind == "gone" and record.release_id == rid
    assert store.resolve_release(rid)[0] == "gone"
    assert store.resolve(held(setting, ASIA)[1][0]["id"])[0] == "event"  # the other file is untouched
    (source / EUROPE).write_bytes(kept)  # put back: the same release, the same ids
    run(source, setting)
    assert held(setting, EUROPE) == (rid, before)
    assert open_store(setting, readonly=True).resolve(before[0]["id"])[0] == "event"


def test_a_rename_without_prune_is_a_duplicate_until_the_old_name_is_pruned(source, setting):
    run(source, setting)
    rid, before = held(setting, EUROPE)
    (source / EUROPE).rename(source / "zz_europe.txt")
    out = indexer("run", "--source", source, "--store", setting)
    assert out.returncode == 1 and f"zz_europe.txt: duplicate of {EUROPE}" in out.stderr
    assert resolve(setting, before[0]["id"])[0] == "event"
    run(source, setting, "--prune")
    assert held(setting, "zz_europe.txt") == (rid, before)
    assert resolve(setting, before[0]["id"])[0] == "event"


# --- a killed run, an old store, a rebuild ---
def state(setting: str) -> dict:
    """Everything about ids a reader can meet: events per file, redirects, versions (times aside)."""
    store = open_store(setting)
    files = {name: held(setting, name) for name in store.sources()}
    history = list(store.history())
    return {"files": {n: (rid, [(e["id"], e["n"], e["text"]) for e in events]) for n, (rid, events) in files.items()},
            "redirects": sorted((r.id, r.kind, r.release_id, r.to) for r in history if isinstance(r, Redirect)),
            "versions": sorted((v.release_id, v.hash, v.reason, json.dumps(v.release, sort_keys=True))
                               for v in history if isinstance(v, Version))}


def test_a_run_killed_while_writing_an_edited_file_leaves_ids_consistent(source, setting, tmp_path, request):
    elastic = setting.startswith("http")
    reference = es_alias(request.getfixturevalue("es_node")[0]) if elastic else str(tmp_path / "ref.sqlite3")
    try:
        run(source, setting)
        run(source, reference)
        edit_every_way(source / EUROPE)
        run(source, reference)
        crash = "es_after_events:1" if elastic else "after_insert:1"
        crashed = indexer("run", "--source", source, "--store", setting, env={"INDEXER_CRASH_AT": crash})
        assert crashed.returncode == 137, crashed.stderr
        run(source, setting)
        got, want = state(setting), state(reference)
        assert got == want
        rid = got["files"][EUROPE][0]
        assert {(r[0], r[3]) for r in got["redirects"]} >= {(f"{rid}-2", None), (f"{rid}-4", f"{rid}-7")}
        if elastic:  # the write's journal is gone once the write is complete
            store = open_store(setting)
            assert store.es.count(index=store.alias, query={"term": {"kind": "pending"}})["count"] == 0
    finally:
        if elastic:
            drop_alias(open_store(reference))


def test_a_store_made_before_ids_outlived_edits_keeps_its_ids(source, tmp_path):
    import sqlite3

    store = tmp_path / "old.sqlite3"
    run(source, str(store))
    db = sqlite3.connect(store)
    db.executescript("DROP TABLE redirects; DROP TABLE versions;")  # as the store of an earlier version had none
    db.close()
    reader = open_store(str(store), readonly=True)
    assert reader.redirect("anything") is None and reader.release_versions("anything") == []
    rid, before = held(str(store), EUROPE)
    edit_release(source / EUROPE, lambda ls: [*ls[:4], NEW_EVENT, ls[4], *ls[6:]])  # one inserted, the third deleted
    run(source, str(store))
    _, after = held(str(store), EUROPE)
    assert by_text(after).items() >= {e["text"]: e["id"] for e in before if e is not before[2]}.items()
    assert by_text(after)[NEW_EVENT] == f"{rid}-6"
    assert reader.resolve(before[2]["id"])[0] == "gone"


def test_reindex_carries_ids_redirects_and_versions_over(source, setting):
    run(source, setting)
    edit_every_way(source / EUROPE)
    run(source, setting)
    (source / ASIA).unlink()  # gone from the folder: a rebuild removes it, and says so with 410
    before = state(setting)
    asia_rid, asia = before["files"][ASIA]
    out = indexer("reindex", "--store", setting, "--source", source)
    assert out.returncode == 0, out.stderr
    after = state(setting)
    assert after["files"] == {EUROPE: before["files"][EUROPE]}
    assert set(before["redirects"]) <= set(after["redirects"]) and set(before["versions"]) <= set(after["versions"])
    reader = open_store(setting, readonly=True)
    assert all(reader.resolve(i)[0] == "gone" for i, _, _ in asia) and reader.resolve_release(asia_rid)[0] == "gone"
