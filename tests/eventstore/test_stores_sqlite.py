"""SQLite-specific behaviour: transactions, incremental state, rebuild swap, concurrent readers."""
import sqlite3
import threading

import pytest

from conftest import make_event as doc
from conftest import make_release as release
from conftest import search
from eventstore.stores import StoreError, StoreUnavailable, open_store


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "e.sqlite3"))
    yield s
    s.close()


def test_replace_source_replaces_all_of_a_files_events(store):
    store.replace_source("a.txt", "h1", release("r1"), [doc("r1", 1, "посол Кувейт", countries=["KW"]), doc("r1", 2, "посол Катар")])
    store.replace_source("a.txt", "h2", release("r1"), [doc("r1", 1, "посол Индия", countries=["IN"])])
    assert search(store).total == 1
    assert search(store, text="Кувейт").total == 0
    assert [v.value for v in search(store).facets["country"]] == ["IN"]
    assert store.sources() == {"a.txt": "h2"}


def test_delete_source_and_rejected_bookkeeping(store):
    store.replace_source("a.txt", "h1", release("r1"), [doc("r1", 1, "посол")])
    store.note_rejected("b.txt", "hb", "no header")
    assert store.rejected()["b.txt"]["reason"] == "no header"
    store.delete_source("a.txt")
    store.forget_rejected("b.txt")
    assert store.sources() == {} and store.rejected() == {} and search(store).total == 0


def test_a_second_copy_of_a_release_is_refused(store):
    store.replace_source("a.txt", "h1", release("r1"), [doc("r1", 1, "посол")])
    assert store.source_of_release("r1") == "a.txt"
    with pytest.raises(StoreError):
        store.replace_source("copy.txt", "h1", release("r1"), [doc("r1", 1, "посол")])
    assert search(store).total == 1


def test_failed_write_leaves_nothing_half_done(store):
    store.replace_source("a.txt", "h1", release("r1"), [doc("r1", 1, "посол")])
    with pytest.raises(StoreError):  # duplicate event id inside one file: the whole file rolls back
        store.replace_source("a.txt", "h2", release("r1"), [doc("r1", 1, "Индия"), doc("r1", 1, "Катар")])
    assert store.sources() == {"a.txt": "h1"}
    assert search(store, text="посол").total == 1


def test_readonly_store_that_does_not_exist_is_unavailable(tmp_path):
    with pytest.raises(StoreUnavailable):
        open_store(str(tmp_path / "missing.sqlite3"), readonly=True)


def test_unwritable_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot write"):
        open_store(str(blocker / "sub" / "e.sqlite3"))


def test_rebuild_swaps_atomically_and_readers_follow(tmp_path):
    path = tmp_path / "e.sqlite3"
    writer = open_store(str(path))
    writer.replace_source("a.txt", "h", release("r1"), [doc("r1", 1, "посол Кувейт")])
    reader = open_store(str(path), readonly=True)
    assert search(reader, text="Кувейт").total == 1
    new = writer.begin_rebuild()
    new.replace_source("b.txt", "h", release("r2"), [doc("r2", 1, "посол Катар"), doc("r2", 2, "Индия")])
    assert search(reader).total == 1  # still the old data during the rebuild
    writer.finish_rebuild(new)
    assert search(reader).total == 2  # the reader reopened the swapped file
    assert search(reader, text="Кувейт").total == 0
    assert path.is_symlink() and sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == [path.resolve().name]
    again = writer.begin_rebuild()
    writer.finish_rebuild(again)
    assert search(reader).total == 0 and len([p for p in tmp_path.iterdir() if p.suffix == ".db"]) == 1


def test_readers_see_committed_data_while_a_writer_is_busy(tmp_path):
    path = tmp_path / "e.sqlite3"
    writer = open_store(str(path))
    writer.replace_source("a.txt", "h", release("r1"), [doc("r1", 1, "посол")])
    reader = open_store(str(path), readonly=True)
    raw = sqlite3.connect(path)
    raw.execute("BEGIN IMMEDIATE")  # a writer holds the write lock (as a long indexer transaction would)
    raw.execute("DELETE FROM events")
    results = []
    t = threading.Thread(target=lambda: results.append(search(reader).total))
    t.start()
    t.join(10)
    raw.rollback()
    assert results == [1]


def test_cached_counts_follow_every_write_even_from_another_connection(tmp_path):
    path = tmp_path / "e.sqlite3"
    writer = open_store(str(path))
    reader = open_store(str(path), readonly=True)
    writer.replace_source("a.txt", "h", release("r1"), [doc("r1", 1, "посол Кувейт", countries=["KW"])])
    assert search(reader, text="посол").total == 1
    assert search(reader, text="посол", page=1, sort="date_asc").facets["country"][0].count == 1
    writer.replace_source("b.txt", "h", release("r2"), [doc("r2", 1, "посол Кувейт", countries=["KW"])])
    res = search(reader, text="посол")
    assert res.total == 2 and res.facets["country"][0].count == 2
    writer.delete_source("a.txt")
    assert search(reader, text="посол").total == 1
    selected = search(reader, text="посол", country=("KW",))
    assert selected.facets["country"][0].selected and not search(reader, text="посол").facets["country"][0].selected


def test_every_store_file_has_its_own_generations(tmp_path):
    """Cached counts and columns are keyed by generation: a rebuilt file (which may reuse the old
    file's inode) must never share one with the file it replaced, even with equal write counts."""
    path = tmp_path / "e.sqlite3"
    writer = open_store(str(path))
    writer.replace_source("a.txt", "h", release("r1"), [doc("r1", 1, "посол")])
    reader = open_store(str(path), readonly=True)
    before = reader.columns().generation
    new = writer.begin_rebuild()
    new.replace_source("a.txt", "h", release("r1"), [doc("r1", 1, "посол")])
    writer.finish_rebuild(new)
    after = reader.columns().generation
    assert before.split(":")[1] == after.split(":")[1] and before != after
