"""deploy/indexer-loop.sh run for real: rejected files, a stuck lock and repeated failures raise alerts."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT, lock_held

pytestmark = pytest.mark.slow
LOOP = ROOT / "deploy" / "indexer-loop.sh"


def loop(source, store, runs: int, **env) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
           "EVENTS_STORE": str(store), "INDEXER_SOURCE": str(source), "INDEXER_INTERVAL": "0",
           "INDEXER_RUNS": str(runs), **env}
    return subprocess.run(["sh", str(LOOP)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=900)


def test_rejected_files_raise_an_alert_once(source, tmp_path):
    (source / "zz_broken.txt").write_text("not a release", "utf-8")
    out = loop(source, tmp_path / "e.sqlite3", runs=2)
    assert out.returncode == 0
    assert "rejected: zz_broken.txt: no header" in out.stderr
    assert out.stderr.count("ALERT indexer: files were rejected") == 1  # the second run has nothing new


def test_repeated_failures_raise_an_alert(tmp_path):
    out = loop(tmp_path / "gone", tmp_path / "e.sqlite3", runs=3)
    assert out.stderr.count("indexer run failed with exit code 2") == 3
    assert out.stderr.count("ALERT indexer: 3 runs in a row failed (last exit code 2)") == 1


def test_a_lock_held_for_several_intervals_raises_an_alert(source, tmp_path):
    store = tmp_path / "e.sqlite3"
    with lock_held(tmp_path / "e.sqlite3.lock"):
        two = loop(source, store, runs=2)
        assert "another indexer run is active" in two.stderr and "ALERT" not in two.stderr
        three = loop(source, store, runs=3)
        assert three.stderr.count("ALERT indexer: the run lock has been held for 3 intervals in a row") == 1
