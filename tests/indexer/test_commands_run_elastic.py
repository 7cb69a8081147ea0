"""The cron run on a real Elasticsearch node: killed mid-file, node killed mid-run, recovery."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import RELEASES, ROOT, EsNode, _free_port, drop_alias, es_alias
from eventstore.query import Query
from eventstore.search import Searcher
from eventstore.stores import open_store
from webui import create_app

pytestmark = pytest.mark.slow


def indexer(*args, env=None):
    return subprocess.run([sys.executable, "-m", "indexer", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600, env={**os.environ, **(env or {})})


def snapshot(setting: str) -> dict:
    store = open_store(setting, readonly=True)
    events = {d["id"]: d for d in Searcher(store).scan(Query(sort="date_asc"))}
    releases = {rid: store.get_release(rid) for rid in {d["release_id"] for d in events.values()}}
    writer = open_store(setting)
    return {"events": events, "releases": releases, "sources": writer.sources(), "rejected": writer.rejected()}


@pytest.fixture(scope="module")
def clean(es_node):
    url, _ = es_node
    setting = es_alias(url)
    assert indexer("run", "--source", RELEASES, "--store", setting, "--workers", "1").returncode == 0
    yield snapshot(setting)
    drop_alias(open_store(setting))


def test_killed_inside_a_file_then_the_next_run_equals_a_clean_run(es_node, clean):
    url, _ = es_node
    setting = es_alias(url)
    crashed = indexer("run", "--source", RELEASES, "--store", setting, "--workers", "1",
                      env={"INDEXER_CRASH_AT": "es_after_events:3"})
    assert crashed.returncode == 137
    assert len(open_store(setting).sources()) == 2  # the third file's events went in, but it is not done
    assert indexer("run", "--source", RELEASES, "--store", setting).returncode == 0
    assert snapshot(setting) == clean
    drop_alias(open_store(setting))


def test_node_killed_mid_run_then_restarted(tmp_path_factory, clean):
    node = EsNode(tmp_path_factory.mktemp("es-fault"), 1, _free_port(9281))
    url = node.start()
    try:
        setting = f"{url}/events"
        go = tmp_path_factory.mktemp("pause") / "go"
        run = subprocess.Popen([sys.executable, "-m", "indexer", "run", "--source", str(RELEASES), "--store", setting,
                                "--workers", "1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "INDEXER_PAUSE_AT": "es_after_events:3", "INDEXER_PAUSE_FILE": str(go)})
        paused = Path(f"{go}.paused")
        while not paused.exists():
            assert run.poll() is None, run.communicate()
            time.sleep(0.1)
        node.kill()
        go.touch()
        out, err = run.communicate(timeout=600)
        assert run.returncode == 2 and "unreachable" in err, err

        web = create_app(setting).test_client()
        assert web.get("/api/search").status_code == 503
        assert "временно недоступен" in web.get("/").get_data(as_text=True)

        node.start()  # same data folder: what was written survives
        assert len(open_store(setting).sources()) == 2  # the file in flight is not marked done
        for _ in range(300):  # the web finds the node again by itself (its breaker retries)
            if web.get("/api/search").status_code == 200:
                break
            time.sleep(0.1)
        assert web.get("/api/search").status_code == 200

        assert indexer("run", "--source", RELEASES, "--store", setting).returncode == 0
        assert snapshot(setting) == clean
    finally:
        node.stop()


def test_status_of_a_fresh_index_and_of_none(es_node):
    url, _ = es_node
    setting = es_alias(url)
    missing = indexer("status", "--store", setting)
    assert missing.returncode == 2 and "run `python -m indexer run` first" in missing.stderr
    open_store(setting)  # a writer creates the (empty) index
    fresh = indexer("status", "--store", setting)
    assert fresh.returncode == 0 and "events:    0" in fresh.stdout, fresh.stderr
    drop_alias(open_store(setting))
