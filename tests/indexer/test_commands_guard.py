"""The run's guard on a store several hosts write: it takes the store's own lock (the Elasticsearch lease)."""
from __future__ import annotations

import pytest

from conftest import RELEASES, drop_alias, es_alias, indexer
from eventstore.stores import open_store

pytestmark = pytest.mark.slow


def test_a_run_exits_75_while_a_run_on_another_host_holds_the_store_lease(es_node, tmp_path):
    # Each host has its own lock file (here: a separate --lock-file), so only the lease can tell.
    setting = es_alias(es_node[0])
    store = open_store(setting)
    try:
        with store.run_lock():
            busy = indexer("run", "--source", RELEASES, "--store", setting, "--lock-file", tmp_path / "other.lock")
            assert busy.returncode == 75 and "another indexer run is active" in busy.stderr
        free = indexer("run", "--source", RELEASES, "--store", setting, "--lock-file", tmp_path / "other.lock")
        assert free.returncode == 0, free.stderr
    finally:
        drop_alias(store)
