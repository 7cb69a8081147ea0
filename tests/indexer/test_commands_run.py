"""The cron run with real processes and real store files."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import RELEASES, ROOT, corrupt, indexer, lock_held, snapshot, without_root

pytestmark = pytest.mark.slow


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
    with lock_held(Path(f"{store}.lock")):
        before = snapshot(store)
        second = indexer("run", "--source", source, "--store", store)
        assert second.returncode == 75 and "another indexer run is active" in second.stderr
        assert snapshot(store) == before
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


# --- a run never wedges: its workers die with it, signals stop it cleanly, one file never stops it ---
HANG = sorted(p.name for p in RELEASES.glob("*.txt"))[-1]  # the last file: the others are indexed before the run hangs on it


def hanging_run(source: Path, store: Path, *args: str) -> subprocess.Popen:
    """A run whose analysis of HANG never ends; returns once a worker is stuck in it."""
    proc = subprocess.Popen([sys.executable, "-m", "indexer", "run", "--source", str(source), "--store", str(store),
                             "--workers", "2", *args], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "INDEXER_FAULT": f"hang:{HANG}"}, start_new_session=True)
    line = proc.stderr.readline()
    if line.strip() != f"hanging on {HANG}":
        proc.kill()
        pytest.fail(f"the run did not reach {HANG}: {line!r} {proc.communicate()[1]!r}")
    return proc


def workers_of(pid: int) -> set[int]:
    found = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        found |= {int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie is dead, only not reaped yet


def wait_until_gone(pids: set[int], seconds: float = 60) -> set[int]:
    """The pids still alive after waiting (at most `seconds`) for them to end."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    return {p for p in pids if alive(p)}


def test_workers_do_not_hold_the_run_lock(source, tmp_path):
    store = tmp_path / "e.sqlite3"
    proc = hanging_run(source, store)
    try:
        workers = workers_of(proc.pid)
        assert len(workers) == 2
        lock = str(store) + ".lock"
        held = {w: [os.readlink(f"/proc/{w}/fd/{fd}") for fd in os.listdir(f"/proc/{w}/fd")] for w in workers}
        assert all(lock not in fds for fds in held.values()), held
        assert lock in [os.readlink(f"/proc/{proc.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{proc.pid}/fd")]
    finally:
        proc.kill()
        proc.wait()


def test_kill_9_of_the_run_alone_ends_its_workers_and_frees_the_lock(source, tmp_path, clean):
    store = tmp_path / "e.sqlite3"
    proc = hanging_run(source, store)
    workers = workers_of(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)  # only the parent, as systemd, `timeout -s KILL` or an admin does
    proc.wait()
    assert wait_until_gone(workers) == set()
    again = indexer("run", "--source", source, "--store", store)
    assert (again.returncode, again.stderr) == (0, "")
    assert snapshot(store) == clean


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("to", ["the run", "its process group"])  # `timeout`, an admin | systemd, a terminal
def test_term_or_hup_stops_a_run_cleanly(source, tmp_path, clean, sig, to):
    store = tmp_path / "e.sqlite3"
    proc = hanging_run(source, store)
    workers = workers_of(proc.pid)
    if to == "the run":
        os.kill(proc.pid, sig)
    else:
        os.killpg(proc.pid, sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + sig
    assert f"stopped by {sig.name}" in err and "Traceback" not in err
    assert wait_until_gone(workers) == set()
    from indexer.lock import holder_of

    assert holder_of(str(store) + ".lock") is None
    stored = snapshot(store)["sources"]
    assert HANG not in stored and stored.items() <= clean["sources"].items()  # whole files only
    assert indexer("status", "--store", store).stdout.count("rejected:  0") == 1  # no file blamed
    again = indexer("run", "--source", source, "--store", store)
    assert (again.returncode, again.stderr) == (0, "")
    assert snapshot(store) == clean


def test_a_file_whose_analysis_fails_is_rejected_and_every_other_file_indexed(source, tmp_path, clean):
    store = tmp_path / "e.sqlite3"
    out = indexer("run", "--source", source, "--store", store, env={"INDEXER_FAULT": "raise:004_week_review.txt"})
    assert out.returncode == 1
    assert out.stderr == "rejected: 004_week_review.txt: analysis failed: RuntimeError: injected fault\n"
    assert set(snapshot(store)["sources"]) == set(clean["sources"]) - {"004_week_review.txt"}
    again = indexer("run", "--source", source, "--store", store, env={"INDEXER_FAULT": "raise:004_week_review.txt"})
    assert (again.returncode, again.stderr) == (0, "")  # reported once, until the file changes


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_worker_killed_on_a_file_is_replaced_and_that_file_rejected(source, tmp_path, clean, workers):
    # The kernel's OOM killer sends SIGKILL; the file is tried once more in a fresh worker, then rejected.
    store = tmp_path / "e.sqlite3"
    out = indexer("run", "--source", source, "--store", store, "--workers", workers,
                  env={"INDEXER_FAULT": "kill:004_week_review.txt"})
    assert out.returncode == 1, out.stderr
    assert out.stderr == ("rejected: 004_week_review.txt: analysis crashed: worker killed by SIGKILL "
                          "(out of memory?)\n")
    assert set(snapshot(store)["sources"]) == set(clean["sources"]) - {"004_week_review.txt"}


def test_a_hung_analysis_is_rejected_after_the_file_timeout(source, tmp_path, clean):
    store = tmp_path / "e.sqlite3"
    out = indexer("run", "--source", source, "--store", store, "--file-timeout", "10", env={"INDEXER_FAULT": f"hang:{HANG}"})
    assert out.returncode == 1
    assert f"rejected: {HANG}: analysis took longer than 10 s (worker stopped)" in out.stderr
    assert set(snapshot(store)["sources"]) == set(clean["sources"]) - {HANG}


def test_a_file_name_that_is_not_utf8_is_indexed_under_an_escaped_name(source, tmp_path):
    store = tmp_path / "e.sqlite3"
    text = (source / "002_europe.txt").read_text("utf-8").replace("Дипломатическая хроника", "Хроника", 1)
    Path(os.fsdecode(os.fsencode(source) + "/Пресс-релиз.txt".encode("cp1251"))).write_text(text, "utf-8")
    Path(os.fsdecode(os.fsencode(source) + b"/zz_\xff.txt")).write_bytes(b"\x00binary")
    out = indexer("run", "--source", source, "--store", store)
    assert out.returncode == 1, out.stderr
    assert out.stderr == "rejected: zz_\\xff.txt: binary file (NUL bytes)\n"
    assert "\\xcf\\xf0\\xe5\\xf1\\xf1-\\xf0\\xe5\\xeb\\xe8\\xe7.txt" in snapshot(store)["sources"]
    status = indexer("status", "--store", store)
    assert status.returncode == 0 and "zz_\\xff.txt: binary file" in status.stdout
    assert indexer("run", "--source", source, "--store", store, "--prune").returncode == 0  # names match next time


def test_an_unreadable_file_is_rejected_and_every_other_file_indexed(source, tmp_path, clean):
    # chmod 000 stops a non-root indexer; `without_root` drops root's power to read it anyway.
    store = tmp_path / "e.sqlite3"
    (source / "004_week_review.txt").chmod(0)
    run = without_root([sys.executable, "-m", "indexer", "run", "--source", str(source), "--store", str(store)])
    out = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 1, out.stderr
    assert out.stderr == "rejected: 004_week_review.txt: cannot read (Permission denied)\n"
    assert set(snapshot(store)["sources"]) == set(clean["sources"]) - {"004_week_review.txt"}
    again = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert (again.returncode, again.stderr) == (0, "")  # reported once
    (source / "004_week_review.txt").chmod(0o644)
    assert subprocess.run(run, capture_output=True, text=True, cwd=ROOT, timeout=600).returncode == 0
    after = snapshot(store)  # every file in (names resolve in the order files came: not byte-equal to a clean run)
    assert after["sources"] == clean["sources"] and set(after["events"]) == set(clean["events"])


def test_the_surviving_copy_of_a_release_takes_over_when_the_first_is_pruned(source, tmp_path, clean):
    store = tmp_path / "e.sqlite3"
    shutil.copy(source / "002_europe.txt", source / "002b_europe_copy.txt")
    first = indexer("run", "--source", source, "--store", store)
    assert first.returncode == 1 and "002b_europe_copy.txt: duplicate of 002_europe.txt" in first.stderr
    (source / "002_europe.txt").unlink()
    pruned = indexer("run", "--source", source, "--store", store, "--prune", "-v")
    assert pruned.returncode == 0, pruned.stderr
    snap = snapshot(store)
    assert snap["events"] == clean["events"]
    assert "002b_europe_copy.txt" in snap["sources"] and "002_europe.txt" not in snap["sources"]
    assert indexer("status", "--store", store).stdout.count("duplicate") == 0


@pytest.mark.parametrize("change", ["into another release", "by an edit"])
def test_the_copy_takes_over_only_when_the_first_file_changes_into_another_release(source, tmp_path, change):
    store = tmp_path / "e.sqlite3"
    shutil.copy(source / "002_europe.txt", source / "002b_europe_copy.txt")
    indexer("run", "--source", source, "--store", store)
    original = snapshot(store)
    first = source / "002_europe.txt"
    if change == "into another release":
        other = (source / "003_africa_mideast.txt").read_text("utf-8").split("\n")
        first.write_text("\n".join([" date 2026-02-01 Совсем другой релиз", *other[1:]]), "utf-8")
    else:  # the same release, edited: it keeps its id and its file, the copy stays a duplicate
        first.write_text(first.read_text("utf-8").replace("Дипломатическая хроника", "Хроника", 1), "utf-8")
    out = indexer("run", "--source", source, "--store", store)
    assert (out.returncode, out.stderr) == (0, "")
    snap = snapshot(store)
    if change == "into another release":
        assert set(original["releases"]) < set(snap["releases"])  # the old release is kept, by the copy, beside the new
        assert {r["source"] for r in snap["releases"].values()} >= {"002_europe.txt", "002b_europe_copy.txt"}
        assert original["events"].keys() <= snap["events"].keys()  # with the ids it had
    else:
        assert set(snap["releases"]) == set(original["releases"]) and snap["sources"].keys() == original["sources"].keys()
        assert "duplicate of 002_europe.txt" in indexer("status", "--store", store).stdout


def test_a_corrupt_store_stops_run_and_status_with_exit_2_and_the_rebuild_hint(source, tmp_path):
    store = tmp_path / "e.sqlite3"
    indexer("run", "--source", source, "--store", store)
    corrupt(store, 4096)  # every page but the header: whichever tables the run reads are damaged
    for out in (indexer("run", "--source", source, "--store", store), indexer("status", "--store", store)):
        assert out.returncode == 2
        assert "store corrupt: rebuild with `python -m indexer reindex --source DIR`" in out.stderr
        assert "Traceback" not in out.stderr
