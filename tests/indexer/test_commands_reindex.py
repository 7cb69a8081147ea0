"""`reindex` with real processes: it never leaves a rebuild file behind, and it rebuilds a damaged store."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RELEASES, ROOT, corrupt, indexer, snapshot

pytestmark = pytest.mark.slow


@pytest.fixture
def store(tmp_path) -> Path:
    """A store of the sample corpus, indexed from a folder of its own."""
    shutil.copytree(RELEASES, tmp_path / "incoming")
    path = tmp_path / "e.sqlite3"
    assert indexer("run", "--source", tmp_path / "incoming", "--store", path).returncode == 0
    return path


def rebuild_files(store: Path) -> set[str]:
    return {p.name for p in store.parent.glob(store.name + ".*.db*")}


def test_a_failed_reindex_deletes_its_rebuild_file(store, tmp_path):
    before = snapshot(store)
    out = indexer("reindex", "--store", store, "--source", tmp_path / "gone")
    assert out.returncode == 2 and "does not exist" in out.stderr
    assert rebuild_files(store) == set()
    assert snapshot(store) == before


def test_a_stopped_reindex_deletes_its_rebuild_file(store):
    before = snapshot(store)
    proc = subprocess.Popen([sys.executable, "-m", "indexer", "reindex", "--store", str(store)], cwd=ROOT,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "INDEXER_FAULT": f"hang:{sorted(p.name for p in RELEASES.glob('*.txt'))[-1]}"})
    assert proc.stderr.readline().startswith("hanging on")
    assert len(rebuild_files(store)) >= 1
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143 and "stopped by SIGTERM" in err
    assert rebuild_files(store) == set()
    assert snapshot(store) == before


def test_the_rebuild_file_of_a_killed_reindex_is_swept_by_the_next_run(store, tmp_path):
    assert indexer("reindex", "--store", store).returncode == 0
    live = os.path.realpath(store)
    crashed = indexer("reindex", "--store", store, "--workers", "1", env={"INDEXER_CRASH_AT": "after_insert:3"})
    assert crashed.returncode == 137
    leftovers = rebuild_files(store) - {Path(live).name}
    assert leftovers  # a full copy nothing will use: 12 of 12 killed runs left one
    running = store.parent / f"{store.name}.20260101000000-{os.getpid()}.db"  # a live process's rebuild
    running.write_bytes(b"")
    out = indexer("run", "--source", tmp_path / "incoming", "--store", store)
    assert out.returncode == 0, out.stderr
    assert rebuild_files(store) == {Path(live).name, running.name}
    assert os.path.realpath(store) == live


@pytest.mark.parametrize("damage", ["header", "middle"])
def test_reindex_with_source_rebuilds_a_damaged_store(store, tmp_path, damage):
    clean = snapshot(store)
    if damage == "header":  # SQLite cannot even open it
        corrupt(store, 0, 100)
    else:
        corrupt(store, 4096)
    assert indexer("run", "--source", tmp_path / "incoming", "--store", store).returncode == 2
    out = indexer("reindex", "--store", store, "--source", tmp_path / "incoming")
    assert out.returncode == 0, out.stderr
    assert snapshot(store)["events"] == clean["events"]
    assert indexer("run", "--source", tmp_path / "incoming", "--store", store).returncode == 0
    assert rebuild_files(store) == {Path(os.path.realpath(store)).name}
