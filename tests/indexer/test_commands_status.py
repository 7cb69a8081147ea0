"""`status` and `status --check` with real processes: the signals cron and the healthcheck act on."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import RELEASES, indexer, lock_held

pytestmark = pytest.mark.slow


@pytest.fixture
def source(tmp_path):
    shutil.copytree(RELEASES, tmp_path / "incoming")
    (tmp_path / "incoming" / "zz_broken.txt").write_text("not a release", "utf-8")
    return tmp_path / "incoming"


def test_status_shows_the_last_run_the_last_error_the_lock_and_rejected_files(source, tmp_path):
    store = tmp_path / "e.sqlite3"
    indexer("run", "--source", source, "--store", store)
    ok = indexer("status", "--store", store)
    assert ok.returncode == 0
    releases = len(list(RELEASES.glob("*.txt")))
    assert "last run:  " in ok.stdout and f"{releases} indexed, 1 rejected" in ok.stdout
    assert "last error: none" in ok.stdout and "lock:      free" in ok.stdout
    assert "zz_broken.txt: no header" in ok.stdout
    indexer("run", "--source", tmp_path / "gone", "--store", store)
    failed = indexer("status", "--store", store)
    assert "last error: " in failed.stdout and "does not exist" in failed.stdout


def test_check_passes_after_a_run_and_fails_when_indexing_is_stale(source, tmp_path):
    store = tmp_path / "e.sqlite3"
    indexer("run", "--source", source, "--store", store)
    healthy = indexer("status", "--store", store, "--check")
    assert (healthy.returncode, healthy.stderr) == (0, "")  # rejected files alone are not unhealthy
    stale = indexer("status", "--store", store, "--check", "--max-age", "0")
    assert stale.returncode == 1 and "unhealthy: stale: the last successful run finished" in stale.stderr


def test_check_fails_until_a_first_run_and_after_a_failed_run(source, tmp_path):
    store = tmp_path / "e.sqlite3"
    missing = indexer("status", "--store", store, "--check")
    assert missing.returncode == 2 and "run `python -m indexer run` first" in missing.stderr
    indexer("run", "--source", tmp_path / "gone", "--store", store)
    never = indexer("status", "--store", store, "--check")
    assert never.returncode == 1 and "unhealthy: no indexer run has finished yet" in never.stderr
    assert "unhealthy: the last run failed at" in never.stderr and "does not exist" in never.stderr
    indexer("run", "--source", source, "--store", store)
    assert indexer("status", "--store", store, "--check").returncode == 0


def test_check_fails_while_a_run_holds_the_lock_too_long(source, tmp_path):
    store = tmp_path / "e.sqlite3"
    indexer("run", "--source", source, "--store", store)
    with lock_held(Path(f"{store}.lock")) as holder:
        young = indexer("status", "--store", store, "--check")
        assert young.returncode == 0 and f"held by pid {holder.pid}" in young.stdout
        stuck = indexer("status", "--store", store, "--check", "--max-age", "0", "--json")
        assert stuck.returncode == 1 and f"unhealthy: stuck: pid {holder.pid} has held the run lock" in stuck.stderr
        busy = indexer("run", "--source", source, "--store", store)
        assert busy.returncode == 75 and f"pid {holder.pid}" in busy.stderr
    assert indexer("status", "--store", store, "--check").returncode == 0
