"""In-memory columns: decoding helpers, and following the store as the indexer writes."""
import sqlite3
from datetime import date, timedelta

import numpy as np

from conftest import make_event as doc
from conftest import make_release as release
from conftest import search
from eventstore.stores import open_store
from eventstore.stores.sqlite.columns import parse_days, varints


def varint(v: int) -> bytes:
    """SQLite's big-endian varint (7 bits a byte, high bit = more), for values below 2**56."""
    groups = [v & 0x7F]
    v >>= 7
    while v:
        groups.append(0x80 | (v & 0x7F))
        v >>= 7
    return bytes(reversed(groups))


def test_varints_decode_runs_of_mixed_widths():
    values = [0, 1, 127, 128, 300, 16383, 16384, 2_000_000, 5]
    assert varints(b"".join(varint(v) for v in values)).tolist() == values


def test_days_fast_path_and_fallback_agree_with_the_calendar():
    days = [date(1999, 12, 31), date(2024, 2, 29), date(2026, 11, 24), date(1970, 1, 1)]
    expected = [(d - date(1970, 1, 1)).days for d in days]
    assert parse_days(",".join(d.isoformat() for d in days), len(days)).tolist() == expected
    # A date written without zero padding takes the slow path and still parses.
    assert parse_days("2026-02-17,1970-01-01", 2).tolist() == [expected[2] - 280, 0]


def test_lengths_are_fts5_document_sizes(tmp_path):
    """Lengths of 1, 2 and 3 varint bytes, read back from FTS5's own docsize table."""
    store = open_store(str(tmp_path / "e.sqlite3"))
    docs = [doc("r1", i, "посол " * n + "встреча") for i, n in enumerate((1, 150, 17000), 1)]
    store.replace_source("a.txt", "h", release("r1"), docs)
    assert search(store, text="посол").total == 3
    cols = store.columns()
    assert cols.lengths[cols.alive].tolist() == [len(d["terms"]) for d in docs] == [2, 151, 17001]


def test_columns_follow_inserts_replacements_and_deletes(tmp_path):
    path = tmp_path / "e.sqlite3"
    writer = open_store(str(path))
    reader = open_store(str(path), readonly=True)
    day = date(2026, 1, 1)
    for i in range(5):
        writer.replace_source(f"{i}.txt", "h", release(f"r{i}"),
                              [doc(f"r{i}", 1, "посол", countries=["KW"], date=(day + timedelta(i)).isoformat())])
        res = search(reader, text="посол")
        assert res.total == i + 1 and res.facets["country"][0].count == i + 1
    raw = sqlite3.connect(path)
    top = raw.execute("SELECT max(rowid) FROM events").fetchone()[0]
    # Replace the newest file: its old rowid must not come back for the new event.
    writer.replace_source("4.txt", "h2", release("r4"), [doc("r4", 1, "посол", countries=["SE"], date="2026-03-01")])
    assert raw.execute("SELECT max(rowid) FROM events").fetchone()[0] == top + 1
    res = search(reader, text="посол")
    assert res.total == 5
    assert {(v.value, v.count) for v in res.facets["country"]} == {("KW", 4), ("SE", 1)}
    assert [v.value for v in res.facets["date"]] == ["2026-01", "2026-03"]
    writer.delete_source("0.txt")
    writer.delete_source("4.txt")
    res = search(reader, text="посол", country=("SE",))
    assert res.total == 0 and search(reader).total == 3
    assert [h.doc["id"] for h in search(reader, sort="date_desc").hits] == ["r3-1", "r2-1", "r1-1"]


def test_old_stores_get_their_term_frequencies_filled_in(tmp_path):
    path = tmp_path / "e.sqlite3"
    store = open_store(str(path))
    store.replace_source("a.txt", "h", release("r1"), [doc("r1", 1, "посол посол посол встреча")])
    store.close()
    raw = sqlite3.connect(path)
    raw.execute("DELETE FROM fts_tf")
    raw.execute("DELETE FROM meta WHERE key = 'tf_index'")
    raw.commit()
    open_store(str(path)).close()  # the indexer opening it for writing
    assert raw.execute("SELECT repeats FROM fts_tf").fetchone() == ("посол посол~3",)
    assert np.isfinite(search(open_store(str(path), readonly=True), text="посол").hits[0].score)
