"""The curation file on a real Elasticsearch node: it keeps no term stream in `_source`, so a changed
file has the files of the events it changes re-analysed (only those), and the result is the same."""
from __future__ import annotations

import pytest

from conftest import RELEASES, ROOT, drop_alias, es_alias, indexer, search
from eventstore.stores import open_store

pytestmark = pytest.mark.slow
EXAMPLE = ROOT / "docs" / "curation.example.toml"


def test_a_changed_curation_file_reaches_stored_events_and_searches(es_node):
    setting = es_alias(es_node[0])
    try:
        assert indexer("run", "--source", RELEASES, "--store", setting).returncode == 0
        out = indexer("run", "--source", RELEASES, "--store", setting, "--curation", EXAMPLE, "-v")
        assert out.returncode == 0, out.stderr
        files = len(list(RELEASES.glob("*.txt")))
        indexed = int(out.stdout.split(" indexed")[0].rsplit(" ", 1)[1])
        assert 0 < indexed < files  # only the files holding changed events
        store = open_store(setting, readonly=True)
        event = store.get_event("e977d12f895a-3")
        assert event["countries"] == ["ZA"] and "Эрлан Байжанов" in event["officials"]
        assert {"facet": "country", "value": None, "action": "removed", "was": "JP",
                "entry": "curation.example.toml:44"} in event["corrections"]
        assert search(store, text="Эрлан Байжанов").total == search(store, official=("Эрлан Байжанов",)).total >= 5
        again = indexer("run", "--source", RELEASES, "--store", setting, "--curation", EXAMPLE, "-v")
        assert " 0 indexed" in again.stdout
        back = indexer("run", "--source", RELEASES, "--store", setting, "-v")
        assert back.returncode == 0 and open_store(setting, readonly=True).get_event("e977d12f895a-3")["countries"] == ["JP"]
    finally:
        drop_alias(open_store(setting))
