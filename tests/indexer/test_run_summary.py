"""`run -v` counts rejected files as `status` lists them: new ones and those still rejected."""
from pathlib import Path

from eventstore.stores import open_store
from indexer.indexing import Options, index_folder


def test_still_rejected_files_are_counted_as_rejected_not_unchanged(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "bad1.txt").write_text("garbage", "utf-8")
    (src / "bad2.txt").write_bytes(b"")
    with open_store(str(tmp_path / "e.sqlite3")) as store:
        first = index_folder(store, src, Options(workers=1))
        assert "2 rejected (2 new)" in first.line() and "0 unchanged" in first.line()
        second = index_folder(store, src, Options(workers=1))
        assert second.rejected == [] and second.still_rejected == 2 == len(store.rejected())
        assert "0 unchanged, 2 rejected (0 new)" in second.line()
