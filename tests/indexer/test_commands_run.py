"""The cron run with real processes and real store files."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import RELEASES, ROOT

pytestmark = pytest.mark.slow


def indexer(*args, env=None, **kw):
    return subprocess.run([sys.executable, "-m", "indexer", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600, env={**os.environ, **(env or {})}, **kw)


def snapshot(store: Path) -> dict:
    """What a reader can see: event id → document, release id → document."""
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    events = {i: json.loads(d) for i, d in db.execute("SELECT id, doc FROM events")}
    releases = {i: json.loads(d) for i, d in db.execute("SELECT release_id, doc FROM releases")}
    sources = dict(db.execute("SELECT source, hash FROM sources"))
    fts = db.execute("SELECT count(*) FROM fts").fetchone()[0]
    facets = db.execute("SELECT count(*) FROM facets").fetchone()[0]
    db.close()
    return {"events": events, "releases": releases, "sources": sources, "fts": fts, "facets": facets}


@pytest.fixture
def source(tmp_path) -> Path:
    src = tmp_path / "incoming"
    shutil.copytree(RELEASES, src)
    return src


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    """The store a single clean run over the sample corpus yields."""
    tmp = tmp_path_factory.mktemp("clean")
    store = tmp / "e.sqlite3"
    assert indexer("run", "--source", RELEASES, "--store", store, "--workers", "1").returncode == 0
    return snapshot(store)


def test_run_is_silent_then_idempotent(source, tmp_path, clean):
    store = tmp_path / "e.sqlite3"
    first = indexer("run", "--source", source, "--store", store, "--workers", "2")
    assert (first.returncode, first.stdout, first.stderr) == (0, "", "")
    assert snapshot(store) == clean
    second = indexer("run", "--source", source, "--store", store, "-v")
    assert second.returncode == 0 and "0 indexed" in second.stdout and f"{len(clean['sources'])} unchanged" in second.stdout
    assert snapshot(store) == clean


def test_changed_file_replaces_only_its_events_and_prune_removes(source, tmp_path, clean):
    store = tmp_path / "e.sqlite3"
    indexer("run", "--source", source, "--store", store)
    target = source / "002_europe.txt"
    target.write_text(target.read_text("utf-8").replace("Посол Казахстана в Италии", "Посол Казахстана в Испании"), "utf-8")
    assert indexer("run", "--source", source, "--store", store).returncode == 0
    after = snapshot(store)
    changed = {i for i in clean["events"] if after["events"].get(i) != clean["events"][i]}
    assert changed
    rid = next(r["release_id"] for r in after["releases"].values() if r["source"] == "002_europe.txt")
    assert {i.rsplit("-", 1)[0] for i in changed} == {rid}
    (source / "003_africa_mideast.txt").unlink()
    kept = indexer("run", "--source", source, "--store", store)
    assert kept.returncode == 0 and "003_africa_mideast.txt" in snapshot(store)["sources"]
    pruned = indexer("run", "--source", source, "--store", store, "--prune")
    assert pruned.returncode == 0
    snap = snapshot(store)
    assert "003_africa_mideast.txt" not in snap["sources"] and len(snap["events"]) == len(clean["events"]) - 5


def test_rejected_file_is_reported_once_until_it_changes(source, tmp_path):
    store = tmp_path / "e.sqlite3"
    (source / "zz_broken.txt").write_bytes(b"\x00\x00binary")
    first = indexer("run", "--source", source, "--store", store)
    assert first.returncode == 1 and "zz_broken.txt" in first.stderr and "binary" in first.stderr
    assert first.stderr.count("\n") == 1
    again = indexer("run", "--source", source, "--store", store)
    assert (again.returncode, again.stderr) == (0, "")
    (source / "zz_broken.txt").write_text("still not a release", "utf-8")
    changed = indexer("run", "--source", source, "--store", store)
    assert changed.returncode == 1 and "no header" in changed.stderr
    status = indexer("status", "--store", store)
    releases = len(list(RELEASES.glob("*.txt")))
    assert "zz_broken.txt: no header" in status.stdout and f"releases:  {releases}" in status.stdout


def test_second_run_exits_75_while_one_holds_the_lock(source, tmp_path):
    store = tmp_path / "e.sqlite3"
    indexer("run", "--source", source, "--store", store)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from indexer.lock import RunLock\n"
        f"with RunLock({str(store) + '.lock'!r}):\n    print('locked', flush=True); time.sleep(60)")],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = snapshot(store)
        second = indexer("run", "--source", source, "--store", store)
        assert second.returncode == 75 and "another indexer run is active" in second.stderr
        assert snapshot(store) == before
    finally:
        holder.kill()
        holder.wait()
    assert indexer("run", "--source", source, "--store", store).returncode == 0  # the kernel dropped the lock


@pytest.mark.parametrize("crash_at", ["after_insert:1", "after_insert:4", "after_insert:11"])
def test_killed_mid_transaction_then_next_run_matches_a_clean_run(source, tmp_path, clean, crash_at):
    store = tmp_path / "e.sqlite3"
    crashed = indexer("run", "--source", source, "--store", store, "--workers", "1", env={"INDEXER_CRASH_AT": crash_at})
    assert crashed.returncode == 137
    assert indexer("run", "--source", source, "--store", store).returncode == 0
    assert snapshot(store) == clean


def test_real_kill_9_in_the_middle_of_a_run(source, tmp_path, clean):
    store = tmp_path / "e.sqlite3"
    proc = subprocess.Popen([sys.executable, "-m", "indexer", "run", "--source", str(source), "--store", str(store),
                             "--workers", "2"], cwd=ROOT, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:  # wait until some files are in, not all
        if store.exists():
            try:
                n = len(snapshot(store)["sources"])
            except sqlite3.Error:
                n = 0
            if n >= 3:
                break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert indexer("run", "--source", source, "--store", store).returncode == 0
    assert snapshot(store) == clean


def test_unwritable_store_exits_2_with_a_clear_message(source, tmp_path):
    # Tests run as root in CI, where chmod cannot make a folder unwritable: block it with a file instead.
    locked = tmp_path / "ro"
    locked.mkdir()
    store = locked / "sub" / "e.sqlite3"
    (locked / "sub").write_text("a file where a folder should be")
    out = indexer("run", "--source", source, "--store", store, "--lock-file", tmp_path / "l.lock")
    assert out.returncode == 2 and "error:" in out.stderr and "e.sqlite3" in out.stderr


def test_missing_source_folder_exits_2(tmp_path):
    out = indexer("run", "--source", tmp_path / "nope", "--store", tmp_path / "e.sqlite3")
    assert out.returncode == 2 and "does not exist" in out.stderr


def test_reindex_rebuilds_into_a_new_file_with_the_same_content(source, tmp_path, clean):
    store = tmp_path / "e.sqlite3"
    indexer("run", "--source", source, "--store", store)
    out = indexer("reindex", "--store", store)
    assert out.returncode == 0, out.stderr
    assert store.is_symlink() and snapshot(store)["events"] == clean["events"]


def test_the_cli_holds_numpy_to_one_blas_thread_before_the_store_imports_numpy():
    # Analysis workers are forked from the CLI process; with a BLAS thread per core in each,
    # two workers on two cores ran six times slower. The store imports numpy, so the limit
    # must be in place before that import.
    code = ("import indexer.__main__, eventstore.stores.sqlite.store, sys; assert 'numpy' in sys.modules; "
            "print(open('/proc/self/status').read().split('Threads:')[1].split()[0])")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1"
